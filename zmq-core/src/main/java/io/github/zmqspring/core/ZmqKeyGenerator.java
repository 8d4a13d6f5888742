package io.github.zmqspring.core;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

/**
 * Prints a new CURVE key pair, or writes it as a certificate pair in czmq/pyzmq format.
 * <pre>
 * java -cp zmq-core.jar:bcprov-jdk18on.jar io.github.zmqspring.core.ZmqKeyGenerator
 *     prints public-key and secret-key lines (Z85)
 * java -cp ... io.github.zmqspring.core.ZmqKeyGenerator certs/server
 *     writes certs/server.key (public, for allow-lists) and certs/server.key_secret (both keys, owner-only)
 * </pre>
 */
public final class ZmqKeyGenerator {

	private ZmqKeyGenerator() {
	}

	/**
	 * Runs the generator.
	 * @param args nothing to print the keys, or one base path to write a certificate pair
	 * @throws IOException when a certificate cannot be written
	 */
	public static void main(String[] args) throws IOException {
		ZmqKeyPair pair = ZmqSecurity.generateKeyPair();
		if (args.length == 0) {
			print(pair, System.out);
			return;
		}
		if (args.length != 1 || args[0].startsWith("-")) {
			System.err.println("usage: ZmqKeyGenerator [certificate-base-path]");
			System.exit(2);
			return;
		}
		Path base = Path.of(args[0]);
		writeCertificates(pair, base);
		System.out.println("public-key: " + pair.publicKey());
		System.out.println("wrote " + base + ".key and " + base + ".key_secret");
	}

	/**
	 * Prints a key pair as two lines, {@code public-key: ...} and {@code secret-key: ...}.
	 * @param pair the pair
	 * @param out where to print
	 */
	public static void print(ZmqKeyPair pair, PrintStream out) {
		out.println("public-key: " + pair.publicKey());
		out.println("secret-key: " + pair.secretKey());
	}

	/**
	 * Writes a certificate pair in czmq's ZPL format: {@code <base>.key} holds the public key and
	 * {@code <base>.key_secret} both keys (readable by its owner only where the file system supports it).
	 * @param pair the keys
	 * @param base the base path
	 * @throws IOException when a file cannot be written
	 */
	public static void writeCertificates(ZmqKeyPair pair, Path base) throws IOException {
		Path parent = base.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
		String header = "#   ****  Generated on " + Instant.now() + " by ZmqKeyGenerator  ****\n"
				+ "#   ZeroMQ CURVE %s Certificate\n#   Exchange securely, or use a secure mechanism to verify the contents\n"
				+ "#   of this file after exchange. Store public certificates in your home\n"
				+ "#   directory, in the .curve subdirectory.\n\nmetadata\ncurve\n";
		Files.writeString(base.resolveSibling(base.getFileName() + ".key"),
				String.format(header, "Public") + "    public-key = \"" + pair.publicKey() + "\"\n");
		Path secret = base.resolveSibling(base.getFileName() + ".key_secret");
		Files.writeString(secret, String.format(header, "**Secret**") + "    public-key = \"" + pair.publicKey()
				+ "\"\n    secret-key = \"" + pair.secretKey() + "\"\n");
		try {
			Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException ex) {
			// Not a POSIX file system: the caller protects the file.
		}
	}

}

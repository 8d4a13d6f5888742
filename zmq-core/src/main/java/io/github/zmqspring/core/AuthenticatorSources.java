package io.github.zmqspring.core;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The files behind a {@link ZmqAuthenticator}: its certificate directories and PLAIN users files, read into
 * {@link Rules} together with the inline keys and users, and stamped (names, sizes, modification times, file keys) so
 * that a watcher can tell when they changed. Stateless and thread-safe.
 */
final class AuthenticatorSources {

	private static final Pattern CERT_PUBLIC_KEY = Pattern.compile("^\\s*public-key\\s*=\\s*\"?([^\"\\s]*)\"?\\s*$",
			Pattern.MULTILINE);

	private final Set<String> inlineCurveKeys;

	private final Map<String, byte[]> inlineUsers;

	private final List<Path> curveKeyDirectories;

	private final List<Path> plainUserFiles;

	AuthenticatorSources(Set<String> inlineCurveKeys, Map<String, String> inlineUsers, List<Path> curveKeyDirectories,
			List<Path> plainUserFiles) {
		this.inlineCurveKeys = Set.copyOf(inlineCurveKeys);
		Map<String, byte[]> users = new LinkedHashMap<>();
		inlineUsers.forEach((user, password) -> users.put(user, password.getBytes(StandardCharsets.UTF_8)));
		this.inlineUsers = Collections.unmodifiableMap(users);
		this.curveKeyDirectories = List.copyOf(curveKeyDirectories);
		this.plainUserFiles = List.copyOf(plainUserFiles);
	}

	/** @return whether there is any file or directory to reread */
	boolean hasFiles() {
		return !this.curveKeyDirectories.isEmpty() || !this.plainUserFiles.isEmpty();
	}

	/**
	 * Reads the inline rules and every file. The stamps are taken before the files are read, so that a change made
	 * while they are read shows as a difference later.
	 * @return the rules
	 * @throws InvalidSocketSpecException naming the field and the file when a file or a key in it is invalid
	 */
	Rules read() {
		List<Stamp> stamps = stamps();
		Set<String> curveKeys = new LinkedHashSet<>(this.inlineCurveKeys);
		for (Path directory : this.curveKeyDirectories) {
			readCertificates(directory, curveKeys);
		}
		Map<String, byte[]> users = new LinkedHashMap<>(this.inlineUsers);
		for (Path file : this.plainUserFiles) {
			readUsers(file, users);
		}
		return new Rules(Set.copyOf(curveKeys), Map.copyOf(users), stamps);
	}

	/**
	 * Stamps every watched path: for a directory, each certificate file it holds; for a users file, the file. Links
	 * are followed, so that a replaced link target (Kubernetes' {@code ..data} swap) shows as a change.
	 * @return the stamps, equal for unchanged files
	 */
	List<Stamp> stamps() {
		List<Stamp> stamps = new ArrayList<>();
		for (Path directory : this.curveKeyDirectories) {
			stamps.add(stamp(directory));
			try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
				List<Stamp> entries = new ArrayList<>();
				for (Path file : files) {
					if (isCertificateCandidate(file)) {
						entries.add(stamp(file));
					}
				}
				entries.sort((a, b) -> a.path().compareTo(b.path()));
				stamps.addAll(entries);
			}
			catch (IOException ex) {
				stamps.add(new Stamp(directory + " (unreadable)", -1, null, null));
			}
		}
		for (Path file : this.plainUserFiles) {
			stamps.add(stamp(file));
		}
		return stamps;
	}

	private static Stamp stamp(Path path) {
		try {
			BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
			return new Stamp(path.toString(), attributes.size(), attributes.lastModifiedTime(), attributes.fileKey());
		}
		catch (IOException ex) {
			return new Stamp(path.toString(), -1, null, null);
		}
	}

	/**
	 * Hidden files (editors' swap files, Kubernetes' {@code ..data} entries) and backups ending with {@code ~} are no
	 * certificates: an editor's backup of a replaced certificate would otherwise keep admitting the old key.
	 */
	private static boolean isCertificateCandidate(Path file) {
		String name = String.valueOf(file.getFileName());
		return !name.startsWith(".") && !name.endsWith("~") && Files.isRegularFile(file);
	}

	private static void readCertificates(Path directory, Set<String> curveKeys) {
		if (!Files.isDirectory(directory)) {
			throw new InvalidSocketSpecException("allowCurveKeyDirectory",
					"allowCurveKeyDirectory '" + directory + "' is not a directory");
		}
		try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
			for (Path file : files) {
				if (!isCertificateCandidate(file)) {
					continue;
				}
				String text;
				try {
					// Certificates are ASCII: ISO-8859-1 reads any file without failing on stray bytes.
					text = Files.readString(file, StandardCharsets.ISO_8859_1);
				}
				catch (NoSuchFileException ex) {
					continue; // removed since the directory was listed
				}
				Matcher matcher = CERT_PUBLIC_KEY.matcher(text);
				if (matcher.find()) {
					String key = matcher.group(1);
					try {
						Z85.decodeKey("allowCurveKeyDirectory", key);
					}
					catch (InvalidSocketSpecException ex) {
						throw new InvalidSocketSpecException("allowCurveKeyDirectory",
								"allowCurveKeyDirectory: certificate '" + file + "' has an invalid public-key: "
										+ ex.getMessage());
					}
					curveKeys.add(key);
				}
			}
		}
		catch (IOException ex) {
			throw new InvalidSocketSpecException("allowCurveKeyDirectory",
					"allowCurveKeyDirectory '" + directory + "' cannot be read: " + describe(ex));
		}
	}

	private static void readUsers(Path file, Map<String, byte[]> users) {
		Properties read = new Properties();
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			read.load(reader);
		}
		catch (IOException ex) {
			throw new InvalidSocketSpecException("plainUsersFile",
					"plainUsersFile '" + file + "' cannot be read: " + describe(ex));
		}
		catch (IllegalArgumentException ex) {
			// Properties names a malformed \\uXXXX escape without quoting the line, which may hold a password.
			throw new InvalidSocketSpecException("plainUsersFile",
					"plainUsersFile '" + file + "' is not a valid properties file: " + ex.getMessage());
		}
		for (String user : read.stringPropertyNames()) {
			users.put(user, read.getProperty(user).getBytes(StandardCharsets.UTF_8));
		}
	}

	@Override
	public String toString() {
		List<String> parts = new ArrayList<>();
		if (!this.curveKeyDirectories.isEmpty()) {
			parts.add("certificate directories " + this.curveKeyDirectories);
		}
		if (!this.plainUserFiles.isEmpty()) {
			parts.add("PLAIN users files " + this.plainUserFiles);
		}
		return String.join(" and ", parts);
	}

	/** A NoSuchFileException's message is only the path; say what happened instead. */
	private static String describe(IOException ex) {
		return (ex instanceof NoSuchFileException) ? "no such file" : String.valueOf(ex.getMessage());
	}

	/**
	 * The rules an authenticator decides by, read at one moment.
	 * @param curveKeys the allowed CURVE public keys (Z85)
	 * @param plainUsers the PLAIN users, user name to password (UTF-8)
	 * @param stamps the stamps of the files the rules were read from, taken before reading them
	 */
	record Rules(Set<String> curveKeys, Map<String, byte[]> plainUsers, List<Stamp> stamps) {
	}

	/**
	 * What a watcher compares of one path; a missing or unreadable path has size {@code -1} and no time.
	 * @param path the path
	 * @param size its size in bytes
	 * @param modified its modification time, at the file system's resolution
	 * @param fileKey its file key (device and inode on Unix), when the file system has one
	 */
	record Stamp(String path, long size, @Nullable FileTime modified, @Nullable Object fileKey) {
	}

}

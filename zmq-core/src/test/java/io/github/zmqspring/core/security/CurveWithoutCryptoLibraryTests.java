package io.github.zmqspring.core.security;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import io.github.zmqspring.core.ZmqEngine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * zmq-core loaded without Bouncy Castle (an application that excluded it): CURVE fails when a socket opens or a key
 * pair is generated, naming the artifact to add, and everything else still works.
 */
class CurveWithoutCryptoLibraryTests {

	/** A valid Z85 key (RFC 32's test vector), so that no key needs generating. */
	private static final String KEY = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";

	@Test
	void aCurveSocketFailsAtOpenNamingTheArtifactAndANullSocketStillRuns() throws Throwable {
		try (URLClassLoader loader = withoutBouncyCastle()) {
			Class<?> securityType = loader.loadClass("io.github.zmqspring.core.ZmqSecurity");
			Throwable generating = catchThrowable(() -> invoke(securityType.getMethod("generateKeyPair"), null));
			assertThat(generating).hasMessageContaining("org.bouncycastle:bcprov-jdk18on")
				.hasMessageContaining("generating a CURVE key pair");

			Class<?> engineType = loader.loadClass("io.github.zmqspring.core.ZmqEngine");
			Class<?> specType = loader.loadClass("io.github.zmqspring.core.ZmqSocketSpec");
			Class<?> builderType = loader.loadClass("io.github.zmqspring.core.ZmqSocketSpec$Builder");
			@SuppressWarnings({ "unchecked", "rawtypes" })
			Object push = Enum.valueOf((Class) loader.loadClass("io.github.zmqspring.core.SocketType"), "PUSH");
			Object engine = invoke(engineType.getMethod("create"), null);
			try {
				Object curve = invoke(securityType.getMethod("curveServer", String.class, String.class), null, KEY, KEY);
				Object builder = invoke(specType.getMethod("builder", String.class, push.getClass()), null, "secure-out", push);
				invoke(builderType.getMethod("bind", String[].class), builder, (Object) new String[] { "tcp://127.0.0.1:*" });
				invoke(builderType.getMethod("security", securityType), builder, curve);
				Object spec = invoke(builderType.getMethod("build"), builder);
				Throwable opening = catchThrowable(() -> invoke(engineType.getMethod("open", specType), engine, spec));
				assertThat(opening).hasMessageContaining("socket 'secure-out'")
					.hasMessageContaining("org.bouncycastle:bcprov-jdk18on");

				Object plainBuilder = invoke(specType.getMethod("builder", String.class, push.getClass()), null, "plain-out", push);
				invoke(builderType.getMethod("bind", String[].class), plainBuilder, (Object) new String[] { "tcp://127.0.0.1:*" });
				Object plainSpec = invoke(builderType.getMethod("build"), plainBuilder);
				AutoCloseable socket = (AutoCloseable) invoke(engineType.getMethod("open", specType), engine, plainSpec);
				socket.close();
			}
			finally {
				((AutoCloseable) engine).close();
			}
		}
	}

	private static URLClassLoader withoutBouncyCastle() {
		URL core = ZmqEngine.class.getProtectionDomain().getCodeSource().getLocation();
		URL slf4j = LoggerFactory.class.getProtectionDomain().getCodeSource().getLocation();
		URLClassLoader loader = new URLClassLoader(new URL[] { core, slf4j }, ClassLoader.getPlatformClassLoader());
		assertThat(catchThrowable(() -> loader.loadClass("org.bouncycastle.math.ec.rfc7748.X25519")))
			.isInstanceOf(ClassNotFoundException.class);
		return loader;
	}

	private static Object invoke(Method method, Object target, Object... arguments) throws Throwable {
		try {
			return method.invoke(target, arguments);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

}

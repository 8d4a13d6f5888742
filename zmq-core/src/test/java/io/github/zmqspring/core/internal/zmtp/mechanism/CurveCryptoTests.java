package io.github.zmqspring.core.internal.zmtp.mechanism;

import java.util.HexFormat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NaCl known answers: the key pairs, shared secret, {@code crypto_box_beforenm} key and 131-octet message of NaCl's
 * own {@code tests/box.c}, {@code box2.c}, {@code box7.c}-style round trips and {@code secretbox.c} (the same
 * vectors libsodium and TweetNaCl test with; the X25519 part is RFC 7748 section 6.1).
 */
class CurveCryptoTests {

	private static final HexFormat HEX = HexFormat.of();

	static final byte[] ALICE_SECRET = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");

	static final byte[] ALICE_PUBLIC = hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");

	static final byte[] BOB_SECRET = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");

	static final byte[] BOB_PUBLIC = hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");

	static final byte[] FIRST_KEY = hex("1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389");

	static final byte[] NONCE = hex("69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37");

	static final byte[] MESSAGE = hex("be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffc"
			+ "e5ecbaaf33bd751a1ac728d45e6c61296cdc3c01233561f41db66cce314adb31"
			+ "0e3be8250c46f06dceea3a7fa1348057e2f6556ad6b1318a024a838f21af1fde"
			+ "048977eb48f59ffd4924ca1c60902e52f0a089bc76897040e082f93776384864" + "5e0705");

	// The authenticator (16 octets), then the ciphertext (131).
	static final byte[] BOX = hex("f3ffc7703f9400e52a7dfb4b3d3305d9"
			+ "8e993b9f48681273c29650ba32fc76ce48332ea7164d96a4476fb8c531a1186a"
			+ "c0dfc17c98dce87b4da7f011ec48c97271d2c20f9b928fe2270d6fb863d51738"
			+ "b48eeee314a7cc8ab932164548e526ae90224368517acfeabd6bb3732bc0e9da"
			+ "99832b61ca01b6de56244a9e88d5f9b37973f622a43d14a6599b1f654cb45a74" + "e355a5");

	private static byte[] hex(String text) {
		return HEX.parseHex(text);
	}

	@Nested
	class Curve25519 {

		@Test
		void publicKeysAreTheBaseMultiplesOfTheSecretKeys() {
			assertThat(CurveCrypto.publicKey(ALICE_SECRET)).isEqualTo(ALICE_PUBLIC);
			assertThat(CurveCrypto.publicKey(BOB_SECRET)).isEqualTo(BOB_PUBLIC);
		}

		@Test
		void beforenmGivesNaclsFirstKeyFromEitherSide() {
			assertThat(CurveCrypto.beforenm(BOB_PUBLIC, ALICE_SECRET)).isEqualTo(FIRST_KEY);
			assertThat(CurveCrypto.beforenm(ALICE_PUBLIC, BOB_SECRET)).isEqualTo(FIRST_KEY);
		}

		@Test
		void aLowOrderPublicKeyGivesNoKey() {
			assertThat(CurveCrypto.beforenm(new byte[32], ALICE_SECRET)).isNull();
			byte[] one = new byte[32];
			one[0] = 1;
			assertThat(CurveCrypto.beforenm(one, ALICE_SECRET)).isNull();
		}

		@Test
		void generatedKeyPairsAgree() {
			byte[][] a = CurveCrypto.keyPair();
			byte[][] b = CurveCrypto.keyPair();
			assertThat(CurveCrypto.publicKey(a[1])).isEqualTo(a[0]);
			assertThat(CurveCrypto.beforenm(b[0], a[1])).isEqualTo(CurveCrypto.beforenm(a[0], b[1]));
			assertThat(a[0]).isNotEqualTo(b[0]);
		}

	}

	@Nested
	class Box {

		@Test
		void cryptoBoxFromAliceToBobGivesNaclsCiphertext() {
			byte[] key = CurveCrypto.beforenm(BOB_PUBLIC, ALICE_SECRET);
			assertThat(CurveCrypto.seal(key, NONCE, MESSAGE)).isEqualTo(BOX);
		}

		@Test
		void cryptoBoxOpenByBobGivesNaclsMessage() {
			byte[] key = CurveCrypto.beforenm(ALICE_PUBLIC, BOB_SECRET);
			assertThat(CurveCrypto.open(key, NONCE, BOX)).isEqualTo(MESSAGE);
		}

		@Test
		void cryptoSecretboxWithTheFirstKeyGivesTheSameCiphertext() {
			assertThat(CurveCrypto.seal(FIRST_KEY, NONCE, MESSAGE)).isEqualTo(BOX);
			assertThat(CurveCrypto.open(FIRST_KEY, NONCE, BOX)).isEqualTo(MESSAGE);
		}

		@Test
		void sealingInPlaceMatchesSealingACopy() {
			byte[] buffer = new byte[5 + 16 + MESSAGE.length];
			System.arraycopy(MESSAGE, 0, buffer, 5 + 16, MESSAGE.length);
			CurveCrypto.sealInPlace(FIRST_KEY, NONCE, buffer, 5, MESSAGE.length);
			assertThat(java.util.Arrays.copyOfRange(buffer, 5, buffer.length)).isEqualTo(BOX);
			assertThat(CurveCrypto.openInPlace(FIRST_KEY, NONCE, buffer, 5, 16 + MESSAGE.length)).isTrue();
			assertThat(java.util.Arrays.copyOfRange(buffer, 5 + 16, buffer.length)).isEqualTo(MESSAGE);
		}

		@Test
		void anEmptyMessageIsJustAnAuthenticator() {
			byte[] box = CurveCrypto.seal(FIRST_KEY, NONCE, new byte[0]);
			assertThat(box).hasSize(16);
			assertThat(CurveCrypto.open(FIRST_KEY, NONCE, box)).isEmpty();
		}

		@Test
		void everyFlippedBitIsRefusedAndLeavesTheBoxUntouched() {
			for (int i = 0; i < BOX.length; i++) {
				byte[] tampered = BOX.clone();
				tampered[i] ^= 0x01;
				byte[] copy = tampered.clone();
				assertThat(CurveCrypto.openInPlace(FIRST_KEY, NONCE, tampered, 0, tampered.length)).as("bit at %d", i)
					.isFalse();
				assertThat(tampered).isEqualTo(copy);
			}
		}

		@Test
		void anotherNonceOrKeyIsRefused() {
			byte[] nonce = NONCE.clone();
			nonce[23] ^= 1;
			assertThat(CurveCrypto.open(FIRST_KEY, nonce, BOX)).isNull();
			byte[] key = FIRST_KEY.clone();
			key[0] ^= 1;
			assertThat(CurveCrypto.open(key, NONCE, BOX)).isNull();
		}

		@Test
		void aBoxShorterThanAnAuthenticatorIsRefused() {
			assertThat(CurveCrypto.open(FIRST_KEY, NONCE, new byte[15])).isNull();
		}

	}

}

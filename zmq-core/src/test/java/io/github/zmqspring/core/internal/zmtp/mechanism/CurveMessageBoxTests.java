package io.github.zmqspring.core.internal.zmtp.mechanism;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static io.github.zmqspring.core.internal.zmtp.mechanism.CurveCryptoTests.BOX;
import static io.github.zmqspring.core.internal.zmtp.mechanism.CurveCryptoTests.FIRST_KEY;
import static io.github.zmqspring.core.internal.zmtp.mechanism.CurveCryptoTests.MESSAGE;
import static io.github.zmqspring.core.internal.zmtp.mechanism.CurveCryptoTests.NONCE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data phase's reused boxes against NaCl's {@code secretbox.c} answer and, byte for byte, against the
 * per-message reference ({@link CurveCrypto#seal}, a fresh Bouncy Castle XSalsa20 and Poly1305 per box).
 */
class CurveMessageBoxTests {

	private static final String[] PREFIXES = { "CurveZMQMESSAGEC", "CurveZMQMESSAGES" };

	private static final int[] SIZES = { 0, 1, 15, 16, 30, 31, 32, 33, 63, 64, 65, 100, 1023, 1024, 4097 };

	@Nested
	class KnownAnswers {

		@Test
		void hsalsa20OfTheFirstKeyAndTheNoncesFirstHalfIsNaclsSecondKey() {
			// NaCl's tests/core3.c: crypto_core_hsalsa20(firstkey, nonceprefix), the subkey of every secretbox above.
			assertThat(CurveCrypto.hsalsa20(FIRST_KEY, Arrays.copyOfRange(NONCE, 0, 16))).isEqualTo(HexFormat.of()
				.parseHex("dc908dda0b9344a953629b733820778880f3ceb421bb61b91cbd4c3e66256ce4"));
		}

		@Test
		void sealingNaclsMessageGivesNaclsBox() {
			CurveMessageBox box = new CurveMessageBox(FIRST_KEY, naclPrefix());
			byte[] out = new byte[BOX.length];
			box.seal(naclShortNonce(), MESSAGE[0], Arrays.copyOfRange(MESSAGE, 1, MESSAGE.length), out, 0);
			assertThat(out).isEqualTo(BOX);
		}

		@Test
		void openingNaclsBoxGivesNaclsMessage() {
			CurveMessageBox box = new CurveMessageBox(FIRST_KEY, naclPrefix());
			byte[] buffer = new byte[3 + BOX.length];
			System.arraycopy(BOX, 0, buffer, 3, BOX.length);
			assertThat(box.open(naclShortNonce(), buffer, 3, BOX.length)).isTrue();
			assertThat(Arrays.copyOfRange(buffer, 3 + 16, buffer.length)).isEqualTo(MESSAGE);
		}

		// NaCl's nonce is arbitrary octets: as a "prefix" they are the 16 characters of the same values.
		private static String naclPrefix() {
			return new String(NONCE, 0, 16, StandardCharsets.ISO_8859_1);
		}

		private static long naclShortNonce() {
			return CurveBase.readLong(NONCE, 16);
		}

	}

	@Nested
	class AgainstTheReference {

		@Test
		void everySizeAndNonceSealsAsAFreshXsalsa20AndPoly1305WouldAtAnyOffset() {
			Random random = new Random(26);
			byte[] key = CurveCrypto.random(32);
			for (String prefix : PREFIXES) {
				CurveMessageBox box = new CurveMessageBox(key, prefix);
				long nonce = 1;
				for (int size : SIZES) {
					for (int offset : new int[] { 0, 17 }) {
						byte[] body = new byte[size];
						random.nextBytes(body);
						int flags = random.nextInt(4);
						byte[] out = new byte[offset + 16 + 1 + size + 5];
						box.seal(nonce, flags, body, out, offset);
						assertThat(Arrays.copyOfRange(out, offset, offset + 16 + 1 + size))
							.as("%s, %d octets, nonce %d", prefix, size, nonce)
							.isEqualTo(CurveCrypto.seal(key, CurveCrypto.nonce(prefix, nonce), plaintext(flags, body)));
						nonce = nonce * 3 + 1;
					}
				}
			}
		}

		@Test
		void everyReferenceBoxOpensInPlaceInTurnAndAtAnyOffset() {
			Random random = new Random(37);
			byte[] key = CurveCrypto.random(32);
			CurveMessageBox box = new CurveMessageBox(key, "CurveZMQMESSAGES");
			long nonce = -2; // unsigned: the largest short nonces work too
			for (int size : SIZES) {
				byte[] plaintext = new byte[1 + size];
				random.nextBytes(plaintext);
				byte[] sealed = CurveCrypto.seal(key, CurveCrypto.nonce("CurveZMQMESSAGES", nonce), plaintext);
				byte[] buffer = new byte[25 + sealed.length];
				System.arraycopy(sealed, 0, buffer, 25, sealed.length);
				assertThat(box.open(nonce, buffer, 25, sealed.length)).as("%d octets", size).isTrue();
				assertThat(Arrays.copyOfRange(buffer, 25 + 16, buffer.length)).isEqualTo(plaintext);
				nonce++;
			}
		}

	}

	@Nested
	class Refusals {

		@Test
		void aTamperedBoxIsRefusedUntouchedAndTheNextBoxStillOpens() {
			byte[] key = CurveCrypto.random(32);
			CurveMessageBox sealer = new CurveMessageBox(key, "CurveZMQMESSAGEC");
			CurveMessageBox opener = new CurveMessageBox(key, "CurveZMQMESSAGEC");
			byte[] body = "a frame's body, longer than one Salsa20 block of sixty-four octets: 0123456789"
				.getBytes(StandardCharsets.US_ASCII);
			byte[] sealed = new byte[16 + 1 + body.length];
			sealer.seal(7, 1, body, sealed, 0);
			for (int i = 0; i < sealed.length; i++) {
				byte[] tampered = sealed.clone();
				tampered[i] ^= 0x10;
				byte[] copy = tampered.clone();
				assertThat(opener.open(7, tampered, 0, tampered.length)).as("octet %d", i).isFalse();
				assertThat(tampered).isEqualTo(copy);
			}
			assertThat(opener.open(8, sealed.clone(), 0, sealed.length)).as("another nonce").isFalse();
			byte[] good = sealed.clone();
			assertThat(opener.open(7, good, 0, good.length)).isTrue();
			assertThat(good[16]).isEqualTo((byte) 1);
			assertThat(Arrays.copyOfRange(good, 17, good.length)).isEqualTo(body);
		}

		@Test
		void theOtherDirectionsPrefixDoesNotOpenIt() {
			byte[] key = CurveCrypto.random(32);
			byte[] sealed = new byte[16 + 1 + 10];
			new CurveMessageBox(key, "CurveZMQMESSAGEC").seal(1, 0, new byte[10], sealed, 0);
			assertThat(new CurveMessageBox(key, "CurveZMQMESSAGES").open(1, sealed, 0, sealed.length)).isFalse();
		}

		@Test
		void aBoxShorterThanAnAuthenticatorIsRefused() {
			assertThat(new CurveMessageBox(FIRST_KEY, "CurveZMQMESSAGES").open(1, new byte[15], 0, 15)).isFalse();
		}

	}

	private static byte[] plaintext(int first, byte[] body) {
		byte[] plaintext = new byte[1 + body.length];
		plaintext[0] = (byte) first;
		System.arraycopy(body, 0, plaintext, 1, body.length);
		return plaintext;
	}

}

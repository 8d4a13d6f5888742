package io.github.zmqspring.samples.weather;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import io.github.zmqspring.test.PeerMessage;
import io.github.zmqspring.test.ReceiverPeer;
import io.github.zmqspring.test.ZmqPeers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The publisher alone (profile {@code publisher}) on a random port, read from {@code local.zmq.port.weather}, with
 * SUB peers in the place of pyzmq subscribers.
 */
@SpringBootTest(properties = { "weather.port=*", "weather.zipcodes.min=10000", "weather.zipcodes.max=10009",
		"spring.main.keep-alive=false" })
@ActiveProfiles("publisher")
@DirtiesContext
class WeatherPublisherTests {

	@RegisterExtension
	static final ZmqPeers peers = ZmqPeers.create();

	@Value("${local.zmq.port.weather}")
	private int port;

	@Test
	void aSubscriberOfOneZipcodeGetsOnlyItsUpdates() {
		ReceiverPeer subscriber = peers.subscriber("10001 ").connect("tcp://127.0.0.1:" + this.port).open();
		List<PeerMessage> updates = subscriber.awaitMessages(20);
		assertThat(updates).extracting(PeerMessage::text).allMatch((update) -> update.startsWith("10001 "));
	}

	@Test
	void everyUpdateIsAZipcodeATemperatureAndAHumidityInTheirRanges() {
		ReceiverPeer subscriber = peers.subscriber().connect("tcp://127.0.0.1:" + this.port).open();
		assertThat(subscriber.awaitMessages(200)).extracting(PeerMessage::text).allSatisfy((update) -> {
			String[] fields = update.split(" ");
			assertThat(fields).as(update).hasSize(3);
			assertThat(Integer.parseInt(fields[0])).as(update).isBetween(10000, 10009);
			assertThat(fields[0]).as("five digits: %s", update).hasSize(5);
			assertThat(Integer.parseInt(fields[1])).as(update).isBetween(-80, 134);
			assertThat(Integer.parseInt(fields[2])).as(update).isBetween(10, 59);
		});
	}

}

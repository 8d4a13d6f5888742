package io.github.zmqspring.samples.demo;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

import io.github.zmqspring.core.SocketEvent;
import io.github.zmqspring.core.SocketEventListener;
import io.github.zmqspring.core.SocketEventType;

/**
 * Watches the ventilator's PUSH socket ({@code tasks}): PUSH deals tasks only to connected workers, so the demo waits
 * for its three workers' handshakes first (the guide's "slow joiner"). The auto-configuration adds every
 * {@link SocketEventListener} bean to the engine.
 */
@Component
class VentilatorConnections implements SocketEventListener {

	private final CountDownLatch connected = new CountDownLatch(3);

	@Override
	public void onEvent(SocketEvent event) {
		if (event.socketName().equals("tasks") && event.type() == SocketEventType.HANDSHAKE_SUCCEEDED) {
			this.connected.countDown();
		}
	}

	boolean awaitConnected(Duration timeout) throws InterruptedException {
		return this.connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

}

package io.github.zmqspring.boot.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * One proxy of {@code zmq.proxies.<name>}: a broker in the middle (ROUTER↔DEALER, XSUB↔XPUB or PULL↔PUSH) with an
 * optional capture socket, started and stopped with the application context. Each side is a socket as under
 * {@code zmq.sockets.<name>}: its {@code type}, {@code bind}/{@code connect} and every option of {@code zmq.defaults}
 * (security included, per side).
 */
public class ZmqProxyProperties {

	/**
	 * The side clients connect to: ROUTER (requests), XSUB (publishers) or PULL (pushers).
	 */
	@NestedConfigurationProperty
	private ZmqSocketProperties frontend = new ZmqSocketProperties();

	/**
	 * The side workers connect to: DEALER (for a ROUTER frontend), XPUB (for XSUB) or PUSH (for PULL).
	 */
	@NestedConfigurationProperty
	private ZmqSocketProperties backend = new ZmqSocketProperties();

	/**
	 * An optional socket (PUB, PUSH, PAIR or DEALER) that receives a copy of every message the proxy forwards.
	 */
	@NestedConfigurationProperty
	private @Nullable ZmqSocketProperties capture;

	/**
	 * Whether the proxy starts with the application context.
	 */
	private boolean autoStartup = true;

	public ZmqSocketProperties getFrontend() {
		return this.frontend;
	}

	public void setFrontend(ZmqSocketProperties frontend) {
		this.frontend = frontend;
	}

	public ZmqSocketProperties getBackend() {
		return this.backend;
	}

	public void setBackend(ZmqSocketProperties backend) {
		this.backend = backend;
	}

	public @Nullable ZmqSocketProperties getCapture() {
		return this.capture;
	}

	public void setCapture(@Nullable ZmqSocketProperties capture) {
		this.capture = capture;
	}

	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

}

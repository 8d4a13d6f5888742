package io.github.zmqspring.boot.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Spring Integration adapters and gateways bound from configuration ({@code zmq.integration.*}). Each entry becomes a
 * bean named after its key; a channel it names that does not exist is created as a {@code DirectChannel}. Socket
 * options are those of {@code zmq.sockets.*}; options left unset fall back to {@code zmq.defaults.*}.
 * <p>
 * The tree is bound once, by the auto-configuration's bean registrar (it needs the entries before any bean exists); it
 * is not a bean of its own.
 */
@ConfigurationProperties("zmq.integration")
public class ZmqIntegrationProperties {

	/** Inbound channel adapters by bean name: what each socket receives is sent to its channel. */
	private final Map<String, Inbound> inbound = new LinkedHashMap<>();

	/** Outbound channel adapters by bean name: what is sent to each channel goes out on its socket. */
	private final Map<String, Outbound> outbound = new LinkedHashMap<>();

	/** Inbound gateways by bean name: each request goes into the channel's flow and the flow's reply answers it. */
	private final Map<String, InboundGateway> inboundGateways = new LinkedHashMap<>();

	/** Outbound gateways by bean name: each message sent to the channel is a request; the reply continues the flow. */
	private final Map<String, OutboundGateway> outboundGateways = new LinkedHashMap<>();

	/**
	 * The inbound channel adapters.
	 * @return the mutable map
	 */
	public Map<String, Inbound> getInbound() {
		return this.inbound;
	}

	/**
	 * The outbound channel adapters.
	 * @return the mutable map
	 */
	public Map<String, Outbound> getOutbound() {
		return this.outbound;
	}

	/**
	 * The inbound gateways.
	 * @return the mutable map
	 */
	public Map<String, InboundGateway> getInboundGateways() {
		return this.inboundGateways;
	}

	/**
	 * The outbound gateways.
	 * @return the mutable map
	 */
	public Map<String, OutboundGateway> getOutboundGateways() {
		return this.outboundGateways;
	}

	/**
	 * What every entry has: its socket (the same keys as a named socket's under {@code zmq.sockets}, unset options
	 * falling back to {@code zmq.defaults.*}, bound beside the entry's own keys), the channel and auto-startup.
	 */
	public abstract static class Endpoint {

		private final ZmqSocketProperties socket = new ZmqSocketProperties();

		/** Name of the message channel the entry reads from or writes to; created as a DirectChannel if missing. */
		private @Nullable String channel;

		/** Whether the context starts the entry. */
		private boolean autoStartup = true;

		/** @return the channel name */
		public @Nullable String getChannel() {
			return this.channel;
		}

		/** @param channel the channel name */
		public void setChannel(@Nullable String channel) {
			this.channel = channel;
		}

		/** @return whether the context starts the entry */
		public boolean isAutoStartup() {
			return this.autoStartup;
		}

		/** @param autoStartup whether the context starts the entry */
		public void setAutoStartup(boolean autoStartup) {
			this.autoStartup = autoStartup;
		}

		/**
		 * The entry's socket: type, endpoints and options, bound from the keys beside {@code channel}.
		 * @return the socket properties
		 */
		public ZmqSocketProperties socket() {
			return this.socket;
		}

	}

	/**
	 * An inbound channel adapter: SUB, PULL, PAIR, DEALER or ROUTER.
	 */
	public static class Inbound extends Endpoint {

		/** Payload type of the messages sent to the channel; the raw byte[] when unset. */
		private @Nullable Class<?> payloadType;

		/** Name of the channel that receives conversion and flow errors; errors are logged when unset. */
		private @Nullable String errorChannel;

		/** Number of threads delivering messages; 1 keeps the order. */
		private int concurrency = 1;

		/** @return the payload type */
		public @Nullable Class<?> getPayloadType() {
			return this.payloadType;
		}

		/** @param payloadType the payload type */
		public void setPayloadType(@Nullable Class<?> payloadType) {
			this.payloadType = payloadType;
		}

		/** @return the error channel name */
		public @Nullable String getErrorChannel() {
			return this.errorChannel;
		}

		/** @param errorChannel the error channel name */
		public void setErrorChannel(@Nullable String errorChannel) {
			this.errorChannel = errorChannel;
		}

		/** @return the concurrency */
		public int getConcurrency() {
			return this.concurrency;
		}

		/** @param concurrency the concurrency */
		public void setConcurrency(int concurrency) {
			this.concurrency = concurrency;
		}

	}

	/**
	 * An outbound channel adapter: PUB, PUSH, PAIR, DEALER or ROUTER.
	 */
	public static class Outbound extends Endpoint {

		/** Fixed PUB topic, sent as frame 0 before the payload. */
		private @Nullable String topic;

		/** SpEL expression giving each message's PUB topic, for example headers['region']. */
		private @Nullable String topicExpression;

		/** @return the topic */
		public @Nullable String getTopic() {
			return this.topic;
		}

		/** @param topic the topic */
		public void setTopic(@Nullable String topic) {
			this.topic = topic;
		}

		/** @return the topic expression */
		public @Nullable String getTopicExpression() {
			return this.topicExpression;
		}

		/** @param topicExpression the topic expression */
		public void setTopicExpression(@Nullable String topicExpression) {
			this.topicExpression = topicExpression;
		}

	}

	/**
	 * An inbound gateway: REP or ROUTER.
	 */
	public static class InboundGateway extends Endpoint {

		/** Name of the channel the flow's replies come back on; the flow replies to the reply-channel header when unset. */
		private @Nullable String replyChannel;

		/** Name of the channel whose flow answers failed requests; the error reply is sent when unset. */
		private @Nullable String errorChannel;

		/** How long to wait for the flow's reply before answering with the error reply. */
		private Duration replyTimeout = Duration.ofSeconds(30);

		/** Payload type of the request messages; the raw byte[] when unset. */
		private @Nullable Class<?> payloadType;

		/** Number of requests served at once. */
		private int concurrency = 1;

		/** @return the reply channel name */
		public @Nullable String getReplyChannel() {
			return this.replyChannel;
		}

		/** @param replyChannel the reply channel name */
		public void setReplyChannel(@Nullable String replyChannel) {
			this.replyChannel = replyChannel;
		}

		/** @return the error channel name */
		public @Nullable String getErrorChannel() {
			return this.errorChannel;
		}

		/** @param errorChannel the error channel name */
		public void setErrorChannel(@Nullable String errorChannel) {
			this.errorChannel = errorChannel;
		}

		/** @return the reply timeout */
		public Duration getReplyTimeout() {
			return this.replyTimeout;
		}

		/** @param replyTimeout the reply timeout */
		public void setReplyTimeout(Duration replyTimeout) {
			this.replyTimeout = replyTimeout;
		}

		/** @return the payload type */
		public @Nullable Class<?> getPayloadType() {
			return this.payloadType;
		}

		/** @param payloadType the payload type */
		public void setPayloadType(@Nullable Class<?> payloadType) {
			this.payloadType = payloadType;
		}

		/** @return the concurrency */
		public int getConcurrency() {
			return this.concurrency;
		}

		/** @param concurrency the concurrency */
		public void setConcurrency(int concurrency) {
			this.concurrency = concurrency;
		}

	}

	/**
	 * An outbound gateway: REQ or DEALER.
	 */
	public static class OutboundGateway extends Endpoint {

		/** Name of the channel replies go to; the request's reply-channel header when unset. */
		private @Nullable String replyChannel;

		/** How long each request waits for its reply. */
		private Duration requestTimeout = Duration.ofSeconds(5);

		/** Payload type of the replies; the raw byte[] when unset. */
		private @Nullable Class<?> replyPayloadType;

		/** @return the reply channel name */
		public @Nullable String getReplyChannel() {
			return this.replyChannel;
		}

		/** @param replyChannel the reply channel name */
		public void setReplyChannel(@Nullable String replyChannel) {
			this.replyChannel = replyChannel;
		}

		/** @return the request timeout */
		public Duration getRequestTimeout() {
			return this.requestTimeout;
		}

		/** @param requestTimeout the request timeout */
		public void setRequestTimeout(Duration requestTimeout) {
			this.requestTimeout = requestTimeout;
		}

		/** @return the reply payload type */
		public @Nullable Class<?> getReplyPayloadType() {
			return this.replyPayloadType;
		}

		/** @param replyPayloadType the reply payload type */
		public void setReplyPayloadType(@Nullable Class<?> replyPayloadType) {
			this.replyPayloadType = replyPayloadType;
		}

	}

}

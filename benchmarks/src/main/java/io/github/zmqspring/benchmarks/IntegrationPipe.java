package io.github.zmqspring.benchmarks;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.context.IntegrationFlowContext;
import org.springframework.integration.dsl.context.IntegrationFlowContext.IntegrationFlowRegistration;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;
import org.zeromq.ZContext;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.integration.dsl.Zmq;
import org.springframework.integration.zeromq.dsl.ZeroMq;

/**
 * Spring Integration: an outbound channel adapter flow fed by a sender thread → an inbound channel adapter flow whose
 * handler counts. Either our adapters ({@code Zmq.outboundAdapter/inboundAdapter} on the engine) or
 * spring-integration-zeromq's ({@code ZeroMq.outboundChannelAdapter/inboundChannelAdapter} on a {@link ZContext}),
 * each as its documentation shows, with default settings.
 */
final class IntegrationPipe extends Pipe {

	/** Our adapters or spring-integration-zeromq's. */
	enum Kind {

		OURS("zmq-spring-boot SI adapters"), SPRING_INTEGRATION_ZEROMQ("spring-integration-zeromq 7.0.5");

		final String label;

		Kind(String label) {
			this.label = label;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class Config {

		@Bean(destroyMethod = "close")
		ZmqEngine zmqEngine() {
			return ZmqEngine.builder().name("bench-si").build();
		}

	}

	private final AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Config.class);

	private final ZContext zContext = new ZContext(1);

	private final IntegrationFlowRegistration outbound;

	private final IntegrationFlowRegistration inbound;

	private final Message<byte[]> message;

	IntegrationPipe(Kind kind, Pattern pattern, int size) {
		super(kind.label);
		this.message = MessageBuilder.withPayload(payload(size)).build();
		IntegrationFlowContext flows = this.context.getBean(IntegrationFlowContext.class);
		ZmqEngine engine = this.context.getBean(ZmqEngine.class);
		boolean push = pattern == Pattern.PUSH_PULL;
		int port = freePort();
		IntegrationFlow out;
		IntegrationFlow in;
		if (kind == Kind.OURS) {
			out = (flow) -> flow.handle(Zmq.outboundAdapter(engine,
					ZmqSocketSpec.builder("si-out", push ? SocketType.PUSH : SocketType.PUB)
						.bind("tcp://127.0.0.1:" + port)));
			ZmqSocketSpec.Builder spec = ZmqSocketSpec.builder("si-in", push ? SocketType.PULL : SocketType.SUB)
				.connect("tcp://127.0.0.1:" + port);
			if (!push) {
				spec.subscribe(TOPIC);
			}
			in = IntegrationFlow.from(Zmq.inboundAdapter(engine, spec))
				.handle((payload, headers) -> count())
				.get();
		}
		else {
			// spring-integration-zeromq binds an outbound adapter given a port, connects one given a URL; PUB
			// messages go as [topic][payload] and its SUB adapter unwraps the topic frame (its defaults)
			var handler = ZeroMq.outboundChannelAdapter(this.zContext, port,
					push ? org.zeromq.SocketType.PUSH : org.zeromq.SocketType.PUB);
			if (!push) {
				handler.topic(TOPIC);
			}
			out = (flow) -> flow.handle(handler);
			var adapter = ZeroMq.inboundChannelAdapter(this.zContext, push ? org.zeromq.SocketType.PULL
					: org.zeromq.SocketType.SUB).connectUrl("tcp://127.0.0.1:" + port);
			if (!push) {
				adapter.topics(TOPIC);
			}
			in = IntegrationFlow.from(adapter).handle((payload, headers) -> count()).get();
		}
		this.outbound = flows.registration(out).register();
		this.inbound = flows.registration(in).register();
	}

	private Object count() {
		this.delivered.incrementAndGet();
		return null;
	}

	@Override
	protected Sender sender(int index) {
		MessageChannel input = this.outbound.getInputChannel();
		return () -> input.send(this.message);
	}

	@Override
	protected void closeResources() {
		this.inbound.destroy();
		this.outbound.destroy();
		this.context.close();
		this.zContext.close();
	}

}

package io.github.zmqspring.support.micrometer;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observation of {@link io.github.zmqspring.template.ZmqTemplate}: {@code zmq.template}, one per send and one per
 * request (from the send to the reply, also for {@code requestAsync}), when {@code zmq.template.observation-enabled}
 * is set. Its keys follow the OpenTelemetry messaging conventions.
 */
public enum ZmqTemplateObservation implements ObservationDocumentation {

	/**
	 * A template send or request.
	 */
	TEMPLATE_OBSERVATION {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultZmqTemplateObservationConvention.class;
		}

		@Override
		public String getPrefix() {
			return "zmq.template";
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return TemplateLowCardinalityTags.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return TemplateHighCardinalityTags.values();
		}

	};

	/**
	 * Low-cardinality keys of {@code zmq.template}.
	 */
	public enum TemplateLowCardinalityTags implements KeyName {

		/** The messaging system: always {@code zeromq}. */
		MESSAGING_SYSTEM {

			@Override
			public String asString() {
				return "messaging.system";
			}

		},

		/** What the template does: {@code send} or {@code request}. */
		MESSAGING_OPERATION {

			@Override
			public String asString() {
				return "messaging.operation";
			}

		},

		/** The socket name ({@code zmq.sockets.<name>}). */
		MESSAGING_DESTINATION_NAME {

			@Override
			public String asString() {
				return "messaging.destination.name";
			}

		},

		/** The socket type ({@code PUB}, {@code DEALER}, ...). */
		SOCKET_TYPE {

			@Override
			public String asString() {
				return "messaging.zeromq.socket.type";
			}

		}

	}

	/**
	 * High-cardinality keys of {@code zmq.template}.
	 */
	public enum TemplateHighCardinalityTags implements KeyName {

		/** The topic of a PUB/XPUB send, when it has one. */
		TOPIC {

			@Override
			public String asString() {
				return "messaging.zeromq.topic";
			}

			@Override
			public boolean isRequired() {
				return false;
			}

		}

	}

}

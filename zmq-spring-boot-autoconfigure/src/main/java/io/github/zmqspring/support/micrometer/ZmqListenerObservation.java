package io.github.zmqspring.support.micrometer;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observation of {@code @ZmqListener} deliveries: {@code zmq.listener}, one per message a listener method handles
 * (on REP and ROUTER it covers the method and the conversion of its reply; a {@code @SendTo} forward is sent within
 * it), when {@code zmq.listener.observation-enabled} is set. It continues the trace whose context came in the header
 * frame. Its keys follow the OpenTelemetry messaging conventions.
 */
public enum ZmqListenerObservation implements ObservationDocumentation {

	/**
	 * A delivery to a listener.
	 */
	LISTENER_OBSERVATION {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultZmqListenerObservationConvention.class;
		}

		@Override
		public String getPrefix() {
			return "zmq.listener";
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return ListenerLowCardinalityTags.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return ListenerHighCardinalityTags.values();
		}

	};

	/**
	 * Low-cardinality keys of {@code zmq.listener}.
	 */
	public enum ListenerLowCardinalityTags implements KeyName {

		/** The messaging system: always {@code zeromq}. */
		MESSAGING_SYSTEM {

			@Override
			public String asString() {
				return "messaging.system";
			}

		},

		/** What the listener does: always {@code process}. */
		MESSAGING_OPERATION {

			@Override
			public String asString() {
				return "messaging.operation";
			}

		},

		/** The name of the socket the message came from. */
		MESSAGING_DESTINATION_NAME {

			@Override
			public String asString() {
				return "messaging.destination.name";
			}

		},

		/** The socket type ({@code SUB}, {@code REP}, ...). */
		SOCKET_TYPE {

			@Override
			public String asString() {
				return "messaging.zeromq.socket.type";
			}

		},

		/** The listener id ({@code @ZmqListener(id = ...)}). */
		LISTENER_ID {

			@Override
			public String asString() {
				return "messaging.zeromq.listener.id";
			}

		}

	}

	/**
	 * High-cardinality keys of {@code zmq.listener}.
	 */
	public enum ListenerHighCardinalityTags implements KeyName {

		/** The topic of a SUB message, when it has one. */
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

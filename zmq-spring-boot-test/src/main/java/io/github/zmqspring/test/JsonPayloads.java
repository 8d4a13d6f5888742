package io.github.zmqspring.test;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import io.github.zmqspring.core.ZmqMessage;

/**
 * JSON payloads for peers, written and read with a Jackson 3 {@link JsonMapper} (the one Spring Boot 4 configures, or
 * a default one). A JSON payload is one UTF-8 frame, as the application's JSON message converter writes it.
 * <p>
 * Jackson is an optional dependency of this module: this class needs it on the class path, the rest of the module
 * does not. Thread-safe.
 */
public final class JsonPayloads {

	private static final int DUMP_LIMIT = 200;

	private final JsonMapper mapper;

	private JsonPayloads(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/**
	 * JSON payloads with a default {@code JsonMapper}.
	 * @return the instance
	 */
	public static JsonPayloads defaults() {
		return Defaults.INSTANCE;
	}

	/**
	 * JSON payloads with the given mapper, for example the application's own {@code JsonMapper} bean.
	 * @param mapper the mapper
	 * @return the instance
	 */
	public static JsonPayloads using(JsonMapper mapper) {
		return new JsonPayloads(Objects.requireNonNull(mapper, "'mapper' must not be null"));
	}

	/**
	 * A value as one JSON frame.
	 * @param value the value
	 * @return the JSON bytes
	 * @throws IllegalArgumentException when the value cannot be written as JSON
	 */
	public byte[] write(Object value) {
		Objects.requireNonNull(value, "'value' must not be null");
		try {
			return this.mapper.writeValueAsBytes(value);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Cannot write a " + value.getClass().getName() + " as JSON: "
					+ ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * A message whose frames are the given topic and the value as JSON ({@code [topic][json]}).
	 * @param topic the first frame, as UTF-8
	 * @param value the value
	 * @return the message
	 */
	public ZmqMessage message(String topic, Object value) {
		return ZmqMessage.of(topic.getBytes(StandardCharsets.UTF_8), write(value));
	}

	/**
	 * A single-frame message: the value as JSON.
	 * @param value the value
	 * @return the message
	 */
	public ZmqMessage message(Object value) {
		return ZmqMessage.of(write(value));
	}

	/**
	 * Reads a JSON frame.
	 * @param <T> the type
	 * @param frame the frame's bytes
	 * @param type the type to read
	 * @return the value
	 * @throws IllegalArgumentException naming the type and showing the payload when it is not JSON of that type
	 */
	public <T> T read(byte[] frame, Class<T> type) {
		Objects.requireNonNull(type, "'type' must not be null");
		try {
			return this.mapper.readValue(frame, type);
		}
		catch (JacksonException ex) {
			String text = new String(frame, StandardCharsets.UTF_8);
			if (text.length() > DUMP_LIMIT) {
				text = text.substring(0, DUMP_LIMIT) + "...";
			}
			throw new IllegalArgumentException("The payload is not JSON of type " + type.getName() + " ("
					+ ex.getOriginalMessage() + "); payload: '" + text + "'", ex);
		}
	}

	/**
	 * Reads the last frame of a received message (its payload) as JSON.
	 * @param <T> the type
	 * @param message the received message
	 * @param type the type to read
	 * @return the value
	 */
	public <T> T read(PeerMessage message, Class<T> type) {
		return read(message.bytes(), type);
	}

	/** Holds the default instance, created on first use only. */
	private static final class Defaults {

		static final JsonPayloads INSTANCE = new JsonPayloads(JsonMapper.builder().build());

	}

}

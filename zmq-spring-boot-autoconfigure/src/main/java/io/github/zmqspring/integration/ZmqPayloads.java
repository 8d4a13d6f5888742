package io.github.zmqspring.integration;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.support.MessageBuilder;

import io.github.zmqspring.support.DefaultZmqMessageCodec;
import io.github.zmqspring.support.DefaultZmqMessageMapper;
import io.github.zmqspring.support.ZmqMessageCodec;
import io.github.zmqspring.support.ZmqMessageConverter;
import io.github.zmqspring.support.ZmqMessageMapper;

/**
 * How the adapters and gateways find their {@link ZmqMessageCodec}: the one set on them, else the application
 * context's {@code ZmqMessageCodec} bean (the template's and the listeners', with Boot's {@code JsonMapper}), else a
 * {@link DefaultZmqMessageCodec} with its defaults; a mapper or converter set on the adapter replaces that codec's.
 */
public final class ZmqPayloads {

	private ZmqPayloads() {
	}

	/**
	 * The converter the adapters use when none is set and no application context supplies one.
	 * @return a new converter
	 * @deprecated since 0.1.0 in favour of {@link ZmqMessageConverter#withDefaults()}
	 */
	@Deprecated(since = "0.1.0")
	public static MessageConverter defaultConverter() {
		return ZmqMessageConverter.withDefaults();
	}

	/**
	 * Resolves an adapter's codec.
	 * @param codec the codec set on the adapter, or {@code null}
	 * @param mapper the mapper set on the adapter, or {@code null}
	 * @param converter the converter set on the adapter, or {@code null}
	 * @param beanFactory the adapter's bean factory, or {@code null} outside a context
	 * @return the codec to use
	 */
	static ZmqMessageCodec codec(@Nullable ZmqMessageCodec codec, @Nullable ZmqMessageMapper mapper,
			@Nullable MessageConverter converter, @Nullable BeanFactory beanFactory) {
		ZmqMessageCodec base = codec;
		if (base == null && beanFactory != null) {
			base = beanFactory.getBeanProvider(ZmqMessageCodec.class).getIfUnique();
		}
		if (base == null) {
			base = new DefaultZmqMessageCodec();
		}
		if (mapper == null && converter == null) {
			return base;
		}
		DefaultZmqMessageCodec configured = (base instanceof DefaultZmqMessageCodec defaults) ? defaults
				: new DefaultZmqMessageCodec(new DefaultZmqMessageMapper(), base.getMessageConverter());
		if (mapper != null) {
			configured = configured.withMessageMapper(mapper);
		}
		if (converter != null) {
			configured = configured.withMessageConverter(converter);
		}
		return configured;
	}

	/**
	 * The message with its payload converted to the wanted type, and the same headers (no new id).
	 * @param codec the codec
	 * @param raw a message from the codec
	 * @param payloadType the type; {@code null}, {@code byte[]} and {@code Object} keep the bytes
	 * @return the message
	 * @throws MessagingException when the payload cannot be converted, or its header frame was malformed
	 */
	static Message<?> withPayloadType(ZmqMessageCodec codec, Message<byte[]> raw, @Nullable Class<?> payloadType) {
		// a malformed header frame fails the message here, to the adapter's error channel
		DefaultZmqMessageCodec.failIfMalformed(raw);
		if (payloadType == null || payloadType == byte[].class || payloadType == Object.class) {
			return raw;
		}
		Object payload;
		try {
			payload = codec.fromMessage(raw, payloadType);
		}
		catch (MessagingException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new MessagingException(raw, "the codec could not convert the payload to " + payloadType.getName(), ex);
		}
		return MessageBuilder.createMessage(payload, raw.getHeaders());
	}

}

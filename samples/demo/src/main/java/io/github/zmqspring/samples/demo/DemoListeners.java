package io.github.zmqspring.samples.demo;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.stereotype.Component;

import io.github.zmqspring.annotation.ZmqListener;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.support.ZmqHeaders;

/**
 * The receiving side of every pattern: the return value of a REP listener is its reply, {@code @SendTo} forwards a
 * worker's result to the sink.
 */
@Component
class DemoListeners {

	final List<Integer> temperatures = new CopyOnWriteArrayList<>();

	final List<String> sunk = new CopyOnWriteArrayList<>();

	final ConcurrentHashMap<String, AtomicInteger> tasksPerWorker = new ConcurrentHashMap<>();

	@ZmqListener(id = "hello-server", type = SocketType.REP, bind = "tcp://127.0.0.1:${demo.hello-port}")
	String hello(String request) {
		System.out.println("  server got: " + request);
		return "World";
	}

	// The guide's weather client: a prefix subscription on single-frame "zipcode temperature humidity" updates
	@ZmqListener(id = "weather-client", type = SocketType.SUB, connect = "tcp://127.0.0.1:${demo.weather-port}",
			topics = "10001 ")
	void weather(String update) {
		this.temperatures.add(Integer.parseInt(update.split(" ")[1]));
	}

	@ZmqListener(id = "worker-1", type = SocketType.PULL, connect = "tcp://127.0.0.1:${demo.tasks-port}")
	@ZmqListener(id = "worker-2", type = SocketType.PULL, connect = "tcp://127.0.0.1:${demo.tasks-port}")
	@ZmqListener(id = "worker-3", type = SocketType.PULL, connect = "tcp://127.0.0.1:${demo.tasks-port}")
	@SendTo("results")
	String work(String task, @Header(ZmqHeaders.SOCKET) String worker) {
		this.tasksPerWorker.computeIfAbsent(worker, (name) -> new AtomicInteger()).incrementAndGet();
		return "done " + task;
	}

	@ZmqListener(id = "sink", type = SocketType.PULL, bind = "tcp://127.0.0.1:${demo.results-port}")
	void sink(String result) {
		this.sunk.add(result);
	}

	// Two REP workers behind the broker's DEALER backend; the envelope shows how the broker routes the reply
	@ZmqListener(id = "broker-worker-1", type = SocketType.REP, connect = "tcp://127.0.0.1:${demo.backend-port}")
	@ZmqListener(id = "broker-worker-2", type = SocketType.REP, connect = "tcp://127.0.0.1:${demo.backend-port}")
	String brokered(String job, @Header(ZmqHeaders.SOCKET) String worker, @Header(ZmqHeaders.ENVELOPE) List<byte[]> envelope) {
		System.out.println("  " + worker + " envelope " + ZmqMessage.of(envelope).dump() + " body " + job);
		return worker + " served " + job;
	}

}

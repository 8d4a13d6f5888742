package io.github.zmqspring.samples.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.stereotype.Component;

import io.github.zmqspring.annotation.ZmqListener;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.support.ZmqHeaders;

/**
 * Three workers in one method: each {@code @ZmqListener} is its own PULL socket connected to the ventilator, so the
 * ventilator's PUSH socket deals the tasks round-robin over them. A task {@code "<n> <milliseconds>"} is "worked" by
 * sleeping that long; the result {@code "<n> <worker>"} goes to the sink through the PUSH socket
 * {@code zmq.sockets.results}.
 */
@Component
class Workers {

	private static final Logger logger = LoggerFactory.getLogger(Workers.class);

	@ZmqListener(id = "worker-1", type = SocketType.PULL, connect = "tcp://${pipeline.host}:${pipeline.tasks-port}")
	@ZmqListener(id = "worker-2", type = SocketType.PULL, connect = "tcp://${pipeline.host}:${pipeline.tasks-port}")
	@ZmqListener(id = "worker-3", type = SocketType.PULL, connect = "tcp://${pipeline.host}:${pipeline.tasks-port}")
	@SendTo("results")
	String work(String task, @Header(ZmqHeaders.SOCKET) String worker) throws InterruptedException {
		String[] fields = task.split(" ");
		logger.debug("{} works on task {} for {} ms", worker, fields[0], fields[1]);
		Thread.sleep(Long.parseLong(fields[1])); // the work itself, simulated
		return fields[0] + " " + worker;
	}

}

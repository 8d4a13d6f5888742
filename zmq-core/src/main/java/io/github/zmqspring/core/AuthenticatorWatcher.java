package io.github.zmqspring.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.zmqspring.core.AuthenticatorSources.Stamp;

/**
 * Reloads a {@link ZmqAuthenticator} when its files change ({@link ZmqAuthenticator.Builder#reloadOnUpdate}).
 * <p>
 * It polls: one daemon thread stamps the certificate directories' files and the users files (names, sizes,
 * modification times and file keys, links followed) every poll interval, the quiet period but at most a second.
 * Polling sees the usual ways a file is replaced (written in place, written elsewhere and renamed over, a Kubernetes
 * {@code ..data} link swapped) without file system events, which network and some overlay mounts do not deliver and
 * which name the directory rather than the link target; only a rewrite that keeps a file's size, file key and
 * modification time (within the file system's timestamp resolution) goes unseen. Once the stamps differ from the loaded rules' and stayed the same
 * for the quiet period, the authenticator reloads; a failed reload keeps the previous rules and is retried only when
 * the files change again.
 * <p>
 * The thread runs while at least one of the sockets that serve the authenticator (one per engine) is open and ends
 * within a poll interval of the last one closing. Thread-safe.
 */
final class AuthenticatorWatcher {

	private static final Logger logger = LoggerFactory.getLogger(AuthenticatorWatcher.class);

	private static final long MIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private static final long MAX_POLL_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final ZmqAuthenticator authenticator;

	private final AuthenticatorSources sources;

	private final Duration quietPeriod;

	private final long pollNanos;

	private final Object lock = new Object();

	/** The open sockets serving the authenticator; guarded by {@link #lock}. */
	private final List<ManagedSocket> owners = new ArrayList<>();

	/** The running poller's executor, {@code null} when none runs; guarded by {@link #lock}. */
	private @Nullable ScheduledExecutorService executor;

	AuthenticatorWatcher(ZmqAuthenticator authenticator, AuthenticatorSources sources, Duration quietPeriod) {
		this.authenticator = authenticator;
		this.sources = sources;
		this.quietPeriod = quietPeriod;
		this.pollNanos = Math.max(MIN_POLL_NANOS, Math.min(MAX_POLL_NANOS, quietPeriod.toNanos()));
	}

	/**
	 * Watches the files for as long as this socket (or another one registered) is open.
	 * @param engineName the engine's name, for the thread's name
	 * @param owner the authenticator's socket
	 */
	void watchWhileOpen(String engineName, ManagedSocket owner) {
		synchronized (this.lock) {
			this.owners.add(owner);
			if (this.executor != null) {
				return;
			}
			ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "zmq-" + engineName + "-authenticator-watcher");
				thread.setDaemon(true);
				return thread;
			});
			started.scheduleWithFixedDelay(new Poller(started), this.pollNanos, this.pollNanos, TimeUnit.NANOSECONDS);
			this.executor = started;
		}
		logger.info("Authenticator: reloading on updates of {} (quiet period {} ms)", this.sources,
				this.quietPeriod.toMillis());
	}


	/** Whether a socket still serves the authenticator; shuts the poller down (no interrupt) when none does. */
	private boolean stillWatched(ScheduledExecutorService mine) {
		synchronized (this.lock) {
			this.owners.removeIf((owner) -> owner.state() == SocketState.CLOSED || owner.state() == SocketState.FAILED);
			if (!this.owners.isEmpty() && this.executor == mine) {
				return true;
			}
			mine.shutdown();
			if (this.executor == mine) {
				this.executor = null;
			}
			return false;
		}
	}

	/** One run of the watcher: its state is touched only by its own thread. */
	private final class Poller implements Runnable {

		private final ScheduledExecutorService executor;

		private List<Stamp> lastSeen;

		private long lastChangeNanos = System.nanoTime();

		private @Nullable List<Stamp> lastAttempt;

		Poller(ScheduledExecutorService executor) {
			this.executor = executor;
			this.lastSeen = AuthenticatorWatcher.this.authenticator.loadedStamps();
		}

		@Override
		public void run() {
			if (!stillWatched(this.executor)) {
				return;
			}
			try {
				poll();
			}
			catch (RuntimeException ex) {
				// A failure must not end the schedule: the next change still has to be seen.
				logger.warn("Authenticator: watching its files failed ({}); watching on", ex.toString());
			}
		}

		private void poll() {
			List<Stamp> stamps = AuthenticatorWatcher.this.sources.stamps();
			long now = System.nanoTime();
			if (!stamps.equals(this.lastSeen)) {
				this.lastSeen = stamps;
				this.lastChangeNanos = now;
				return;
			}
			if (now - this.lastChangeNanos < AuthenticatorWatcher.this.quietPeriod.toNanos()
					|| stamps.equals(this.lastAttempt)
					|| stamps.equals(AuthenticatorWatcher.this.authenticator.loadedStamps())) {
				return;
			}
			this.lastAttempt = stamps;
			try {
				AuthenticatorWatcher.this.authenticator.reload();
			}
			catch (InvalidSocketSpecException ex) {
				// reload() logged it and kept the previous rules; the next change is tried again.
			}
		}

	}

}

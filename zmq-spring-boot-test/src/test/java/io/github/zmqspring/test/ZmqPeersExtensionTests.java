package io.github.zmqspring.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * {@link ZmqPeers} as a JUnit 5 extension: each case runs a fixture test class through the JUnit launcher (the
 * fixtures are static nested classes tagged {@value #FIXTURE}, which this module's build excludes, so they run once,
 * here) and checks which peers were closed when.
 */
class ZmqPeersExtensionTests {

	/** The tag of the fixtures, which the build excludes (they run once, here, through the launcher). */
	static final String FIXTURE = "fixture";

	@Test
	void onAStaticFieldPeersOfATestMethodCloseAfterItAndTheOthersAfterTheClass() {
		TestExecutionSummary summary = run(StaticFieldFixture.class);
		assertThat(summary.getTestsSucceededCount()).as(failures(summary)).isEqualTo(2);
		assertThat(StaticFieldFixture.methodPeerClosedAfterItsTest).isTrue();
		assertThat(StaticFieldFixture.beforeEachPeerClosedAfterItsTest).isTrue();
		assertThat(StaticFieldFixture.classPeerOpenDuringTheClass).isTrue();
		assertThat(StaticFieldFixture.classPeer.get().isClosed()).isTrue();
		assertThat(StaticFieldFixture.peers.engine().isClosed()).isTrue();
	}

	@Test
	void onAnInstanceFieldEverythingClosesAfterEachTest() {
		TestExecutionSummary summary = run(InstanceFieldFixture.class);
		assertThat(summary.getTestsSucceededCount()).as(failures(summary)).isEqualTo(2);
		assertThat(InstanceFieldFixture.opened).hasSize(2).allSatisfy((peer) -> assertThat(peer.isClosed()).isTrue());
		assertThat(InstanceFieldFixture.instances).hasSize(2)
			.allSatisfy((peers) -> assertThat(peers.engine().isClosed()).isTrue());
		assertThat(InstanceFieldFixture.instances.get(0)).isNotSameAs(InstanceFieldFixture.instances.get(1));
	}

	@Test
	void aNestedClassDoesNotCloseThePeersOfItsEnclosingClass() {
		TestExecutionSummary summary = run(NestedFixture.class);
		assertThat(summary.getTestsSucceededCount()).as(failures(summary)).isEqualTo(1);
		assertThat(NestedFixture.openAfterTheNestedClass).isTrue();
		assertThat(NestedFixture.classPeer.get().isClosed()).isTrue();
	}

	private static TestExecutionSummary run(Class<?> fixture) {
		SummaryGeneratingListener listener = new SummaryGeneratingListener();
		LauncherFactory.create()
			.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture)).build(), listener);
		return listener.getSummary();
	}

	private static String failures(TestExecutionSummary summary) {
		StringBuilder text = new StringBuilder("fixture failures:");
		summary.getFailures()
			.forEach((failure) -> text.append("\n").append(failure.getTestIdentifier().getDisplayName()).append(": ")
				.append(failure.getException()));
		return text.toString();
	}

	@Tag(FIXTURE)
	@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
	static class StaticFieldFixture {

		@RegisterExtension
		static final ZmqPeers peers = ZmqPeers.create();

		static final AtomicReference<ReceiverPeer> classPeer = new AtomicReference<>();

		static final List<ZmqPeer> methodPeers = new CopyOnWriteArrayList<>();

		static final List<ReceiverPeer> beforeEachPeers = new CopyOnWriteArrayList<>();

		static boolean methodPeerClosedAfterItsTest;

		static boolean beforeEachPeerClosedAfterItsTest;

		static boolean classPeerOpenDuringTheClass;

		@BeforeAll
		static void openForTheClass() {
			classPeer.set(peers.puller().open());
		}

		@BeforeEach
		void openForTheTest() {
			beforeEachPeers.add(peers.puller().open());
		}

		@Test
		@Order(1)
		void opensAPeer() {
			methodPeers.add(peers.pusher().open());
		}

		@Test
		@Order(2)
		void seesWhatWasClosed() {
			methodPeerClosedAfterItsTest = methodPeers.get(0).isClosed();
			beforeEachPeerClosedAfterItsTest = beforeEachPeers.get(0).isClosed() && !beforeEachPeers.get(1).isClosed();
			classPeerOpenDuringTheClass = !classPeer.get().isClosed();
		}

	}

	@Tag(FIXTURE)
	static class InstanceFieldFixture {

		static final List<ReceiverPeer> opened = new CopyOnWriteArrayList<>();

		static final List<ZmqPeers> instances = new CopyOnWriteArrayList<>();

		@RegisterExtension
		final ZmqPeers peers = ZmqPeers.create();

		@Test
		void one() {
			instances.add(this.peers);
			opened.add(this.peers.puller().open());
		}

		@Test
		void two() {
			instances.add(this.peers);
			opened.add(this.peers.puller().open());
		}

	}

	@Tag(FIXTURE)
	static class NestedFixture {

		@RegisterExtension
		static final ZmqPeers peers = ZmqPeers.create();

		static final AtomicReference<ReceiverPeer> classPeer = new AtomicReference<>();

		static boolean openAfterTheNestedClass;

		@BeforeAll
		static void openForTheClass() {
			classPeer.set(peers.puller().open());
		}

		@AfterAll
		static void afterTheNestedClass() {
			openAfterTheNestedClass = !classPeer.get().isClosed() && !peers.engine().isClosed();
		}

		@Nested
		class Inner {

			@Test
			void usesThePeersOfTheEnclosingClass() {
				assertThat(classPeer.get().isClosed()).isFalse();
				peers.pusher().connect(classPeer.get().endpoint()).open().send("from the nested class");
				assertThat(classPeer.get().awaitMessage().text()).isEqualTo("from the nested class");
			}

		}

	}

}

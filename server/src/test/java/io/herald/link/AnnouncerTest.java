package io.herald.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.app.AppConfig;
import io.herald.app.StaticAppRegistry;
import io.herald.channel.LocalChannels;
import io.herald.cluster.Transition;
import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import io.herald.connection.LoopShards;
import io.herald.metrics.HeraldMetrics;
import io.netty.channel.DefaultEventLoopGroup;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one place transitions are announced: every listener hears every transition, in order. */
class AnnouncerTest {

    private final DefaultEventLoopGroup loops = new DefaultEventLoopGroup(1);
    private final HeraldMetrics metrics = new HeraldMetrics();
    private final AppConfig app = new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(),
            List.of("apps=[{id: app-id, key: app-key, secret: app-secret}]"))).apps().get(0);
    private final List<String> first = new CopyOnWriteArrayList<>();
    private final List<String> second = new CopyOnWriteArrayList<>();
    private final Announcer announcer = new Announcer(new StaticAppRegistry(List.of(app)),
            new LocalChannels(new LoopShards(loops), metrics), loops.next(), () -> 0L, List.of(
                    (app, transition, except) -> first.add(describe(transition, except)),
                    (app, transition, except) -> second.add(describe(transition, except))));

    @AfterEach
    void close() {
        loops.shutdownGracefully();
        metrics.close();
    }

    private static String describe(Transition transition, String except) {
        return transition.getClass().getSimpleName() + (except == null ? "" : " except " + except);
    }

    @Test
    void everyListenerHearsEveryTransitionInTheOrderAnnounced() {
        announcer.announce(app, new Transition.ChannelOccupied("app-id", "news", 1), null);
        announcer.announce(app, new Transition.SubscriptionCountChanged("app-id", "news", 1), null);
        announcer.announce(app, new Transition.MemberAdded("app-id", "presence-room", "ann", "null", 1), "1.2");
        announcer.announce(new Transition.UserOffline("app-id", "ann"));

        assertThat(first).containsExactly("ChannelOccupied", "SubscriptionCountChanged", "MemberAdded except 1.2",
                "UserOffline");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void transitionsOfAnAppNoLongerServedAreDropped() {
        announcer.announce(new Transition.ChannelVacated("gone", "news"));

        assertThat(first).isEmpty();
    }

    @Test
    void presenceAndUserChannelsHaveNoSubscriptionCount() {
        announcer.announce(app, new Transition.SubscriptionCountChanged("app-id", "presence-room", 3), null);
        announcer.announce(app, new Transition.SubscriptionCountChanged("app-id", "#server-to-user-ann", 1), null);

        assertThat(first).isEmpty();
    }
}

package org.ladewerk.server.integration.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bridge's hand-off: latest value per topic in arrival order of the topics, bounded by topics and by bytes. */
class LatestByTopicTest {

    @Test
    void aNewerValueReplacesTheWaitingOneInPlaceAndTheBoundsDrop() throws Exception {
        var h = new LatestByTopic(2, 1000);
        assertThat(h.offer("a", "1")).isEqualTo(LatestByTopic.Outcome.QUEUED);
        assertThat(h.offer("b", "2")).isEqualTo(LatestByTopic.Outcome.QUEUED);
        assertThat(h.offer("a", "3")).isEqualTo(LatestByTopic.Outcome.REPLACED);
        assertThat(h.offer("c", "4")).as("a third topic is over the bound").isEqualTo(LatestByTopic.Outcome.DROPPED);
        assertThat(h.take(0)).isEqualTo(Map.entry("a", "3"));
        assertThat(h.take(0)).isEqualTo(Map.entry("b", "2"));
        assertThat(h.take(10)).isNull();
        assertThat(h.offer("c", "4")).isEqualTo(LatestByTopic.Outcome.QUEUED);

        var small = new LatestByTopic(100, 40); // 2 bytes a character
        assertThat(small.offer("t", "x".repeat(10))).isEqualTo(LatestByTopic.Outcome.QUEUED);
        assertThat(small.offer("u", "x".repeat(10))).as("bytes over the bound").isEqualTo(LatestByTopic.Outcome.DROPPED);
        assertThat(small.offer("t", "y".repeat(12))).as("replacing within the bound").isEqualTo(LatestByTopic.Outcome.REPLACED);
        assertThat(small.take(0)).isEqualTo(Map.entry("t", "y".repeat(12)));
        assertThat(small.offer("u", "x".repeat(10))).isEqualTo(LatestByTopic.Outcome.QUEUED);
    }
}

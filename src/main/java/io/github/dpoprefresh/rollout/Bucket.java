package io.github.dpoprefresh.rollout;

import java.util.HashMap;
import java.util.Map;

/**
 * One hour of one client's figures (from one node, or summed over nodes and hours).
 *
 * @param clientId the client's internal id ({@code ClientModel.getId()})
 * @param hour     epoch hour ({@code millis / 3,600,000})
 * @param counts   by key: {@code <grant>.with_proof}, {@code <grant>.without_proof}, {@code <grant>.refused.<reason>},
 *                 {@code refresh_token.unbound}; {@code <grant>} a {@link Grant#code()}
 * @param sessions the sessions that refreshed an unbound token without a proof
 */
public record Bucket(String realmId, String clientId, long hour, Map<String, Long> counts, SessionSketch sessions) {

    /** Key: refreshes of an unbound refresh token, with a proof or without. */
    public static final String UNBOUND_REFRESHES = Grant.REFRESH.code() + ".unbound";

    public static final long HOUR_MILLIS = 3_600_000L;

    /** The two added up; neither is changed. */
    public Bucket merge(Bucket other) {
        Map<String, Long> sum = new HashMap<>(counts);
        other.counts.forEach((key, value) -> sum.merge(key, value, Long::sum));
        SessionSketch merged = SessionSketch.decode(sessions.encode()).merge(other.sessions);
        return new Bucket(realmId, clientId, Math.max(hour, other.hour), Map.copyOf(sum), merged);
    }
}

package io.github.dpoprefresh.keycloak.figures;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One row of {@code DPOP_REFRESH_FIGURES}: one node's figures of one client for one hour, or, with
 * {@link FiguresStore#REALM_MARK} as client, when counting began in a realm. Only the node that wrote a row ever
 * changes it, so two nodes never contend for a row. The table comes from our changelog
 * ({@code META-INF/dpop-refresh-figures-changelog.xml}).
 */
@Entity(name = "DpopRefreshFigures")
@Table(name = "DPOP_REFRESH_FIGURES")
public class FiguresRow {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    /** The client's internal id ({@code ClientModel.getId()}). */
    @Column(name = "CLIENT_ID", length = 36, nullable = false)
    private String clientId;

    /** Epoch hour: milliseconds / 3,600,000. */
    @Column(name = "HOUR_", nullable = false)
    private long hour;

    @Column(name = "NODE_ID", length = 36, nullable = false)
    private String nodeId;

    /** The counts as a JSON object, e.g. {@code {"refresh_token.with_proof":3}}. */
    @Column(name = "COUNTS")
    private String counts;

    /** {@code SessionSketch.encode()}: no session id, only 64 bits of each one's SHA-256. */
    @Column(name = "SESSIONS")
    private String sessions;

    protected FiguresRow() {
    }

    FiguresRow(String id, String realmId, String clientId, long hour, String nodeId, String counts, String sessions) {
        this.id = id;
        this.realmId = realmId;
        this.clientId = clientId;
        this.hour = hour;
        this.nodeId = nodeId;
        this.counts = counts;
        this.sessions = sessions;
    }

    String realmId() {
        return realmId;
    }

    String clientId() {
        return clientId;
    }

    long hour() {
        return hour;
    }

    String counts() {
        return counts;
    }

    String sessions() {
        return sessions;
    }

    void update(String counts, String sessions) {
        this.counts = counts;
        this.sessions = sessions;
    }
}

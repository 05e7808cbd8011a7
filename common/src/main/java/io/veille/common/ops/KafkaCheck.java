package io.veille.common.ops;

import io.veille.common.config.VeilleConfig;
import io.veille.common.kafka.KafkaClients;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Readiness' "Kafka reachable": the cluster answers a describe-cluster within {@code timeout}. The
 * answer is kept for {@code cacheFor}, so probes and scrapers arriving together cost one request.
 */
public final class KafkaCheck implements AutoCloseable {
  private final Admin admin;
  private final Duration timeout;
  private final Duration cacheFor;
  private final String servers;
  private Ops.Check last;
  private long lastAt;

  public KafkaCheck(VeilleConfig config, String clientId, Duration timeout, Duration cacheFor) {
    var props = KafkaClients.admin(config, clientId);
    int t = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, t);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, t);
    this.admin = Admin.create(props);
    this.timeout = timeout;
    this.cacheFor = cacheFor;
    this.servers = config.bootstrapServers();
  }

  public KafkaCheck(VeilleConfig config, String clientId) {
    this(config, clientId, Duration.ofSeconds(2), Duration.ofSeconds(1));
  }

  public synchronized Ops.Check check() {
    long now = System.nanoTime();
    if (last != null && now - lastAt < cacheFor.toNanos()) {
      return last;
    }
    Ops.Check c;
    try {
      int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis())).nodes()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
      c = Ops.Check.up(nodes + " broker(s) at " + servers);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      c = Ops.Check.down("interrupted");
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      c = Ops.Check.down("no answer from " + servers + " within " + timeout.toMillis() + " ms: "
          + cause.getClass().getSimpleName());
    }
    last = c;
    lastAt = System.nanoTime();
    return c;
  }

  @Override
  public void close() {
    admin.close(timeout);
  }
}

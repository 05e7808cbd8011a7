package io.veille.deploy;

import io.veille.common.config.VeilleConfig;
import io.veille.common.kafka.KafkaClients;
import io.veille.common.topic.Topic;
import io.veille.common.topic.TopicAdmin;
import io.veille.common.topic.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code veille topics}: create the catalogue's missing topics, and list them. */
@Command(name = "topics", mixinStandardHelpOptions = true,
    description = "Create the catalogue's missing topics (idempotent) and list them with their partitions and cleanup policy.")
public final class TopicsCommand implements Callable<Integer> {
  @Mixin
  KafkaOptions kafka;

  @Option(names = "--list-only", description = "Do not create anything; only list.")
  boolean listOnly;

  @Override
  public Integer call() throws Exception {
    VeilleConfig config = kafka.load();
    try (Admin admin = Admin.create(KafkaClients.admin(config, "topics"))) {
      List<String> created = listOnly ? List.of() : TopicAdmin.createMissing(admin, Topics.ALL, config.replicationFactor());
      Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<String> ours = Topics.ALL.stream().map(Topic::name).filter(names::contains).toList();
      Map<String, TopicDescription> described = admin.describeTopics(ours).allTopicNames().get(30, TimeUnit.SECONDS);
      System.out.printf("%-26s %10s %9s  %s%n", "topic", "partitions", "cleanup", "status");
      for (Topic<?, ?> t : Topics.ALL) {
        TopicDescription d = described.get(t.name());
        String status = d == null ? "missing" : created.contains(t.name()) ? "created" : "exists";
        System.out.printf("%-26s %10s %9s  %s%n", t.name(), d == null ? "-" : d.partitions().size(),
            t.cleanup().policy(), status);
      }
      return listOnly && described.size() < Topics.ALL.size() ? 1 : 0;
    }
  }
}

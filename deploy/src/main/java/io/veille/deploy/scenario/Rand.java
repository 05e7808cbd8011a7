package io.veille.deploy.scenario;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The scenario's only source of randomness: a {@link SplittableRandom} with the few distributions
 * the generator needs. Everything goes through {@link StrictMath}, so a seed gives the same bytes on
 * every JVM and CPU.
 */
final class Rand {
  private final SplittableRandom random;

  Rand(long seed) {
    this(new SplittableRandom(seed));
  }

  private Rand(SplittableRandom random) {
    this.random = random;
  }

  /** An independent stream: what one component draws never shifts another's draws. */
  Rand split() {
    return new Rand(random.split());
  }

  double uniform() {
    return random.nextDouble();
  }

  double uniform(double from, double to) {
    return from + (to - from) * random.nextDouble();
  }

  /** Uniform in [from, to). */
  int between(int from, int to) {
    return random.nextInt(from, to);
  }

  long between(long from, long to) {
    return random.nextLong(from, to);
  }

  boolean chance(double p) {
    return random.nextDouble() < p;
  }

  <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  <T> T pick(T[] items) {
    return items[random.nextInt(items.length)];
  }

  /** Index drawn with probability proportional to {@code weights[i]}. */
  int weighted(double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double x = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  /** Standard normal (Box-Muller). */
  double gaussian() {
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
  }

  /** exp(N(mu, sigma)). */
  double logNormal(double mu, double sigma) {
    return StrictMath.exp(mu + sigma * gaussian());
  }

  /** Exponential with the given mean. */
  double exponential(double mean) {
    return -mean * StrictMath.log(1.0 - random.nextDouble());
  }

  /** Poisson with mean {@code lambda} (Knuth below 30, a rounded normal above). */
  int poisson(double lambda) {
    if (lambda <= 0) {
      return 0;
    }
    if (lambda >= 30) {
      return (int) Math.max(0, StrictMath.round(lambda + StrictMath.sqrt(lambda) * gaussian()));
    }
    double limit = StrictMath.exp(-lambda);
    double p = 1.0;
    int k = 0;
    do {
      k++;
      p *= random.nextDouble();
    } while (p > limit);
    return k - 1;
  }
}

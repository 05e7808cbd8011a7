package io.veille.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1048576|1048576", "1048576B|1048576", "0|0", "16MiB|16777216", "16 MiB|16777216", "16mib|16777216", "512KiB|524288",
      "1GiB|1073741824", "5MB|5000000", "5 mb|5000000", "100kB|100000", "2GB|2000000000", "  64KiB  |65536", "64  KiB|65536"})
  void readsEveryForm(String text, long bytes) {
    assertThat(Sizes.parse(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"big", "", " ", "1.5MiB", "MiB", "16 M", "16m", "16MiB 1KiB", "1TiB", "0x10",
      "99999999999999999999"})
  void refusesWhatIsNotASize(String text) {
    assertThatThrownBy(() -> Sizes.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a size");
  }

  @Test
  void neverNegativeNorOverflowingAndBounded() {
    assertThatThrownBy(() -> Sizes.parse("-1MiB")).hasMessage("must not be negative, was '-1MiB'");
    assertThatThrownBy(() -> Sizes.parse("9000000000000000000GiB")).hasMessage("not a size: '9000000000000000000GiB' is too large");
    assertThatThrownBy(() -> Sizes.parse("1".repeat(40))).hasMessageContaining("longer than 32 characters");
    assertThatThrownBy(() -> Sizes.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"16777216|16MiB", "65536|64KiB", "1073741824|1GiB", "5000000|5000000", "1536|1536",
      "0|0", "3221225472|3GiB"})
  void writesTheLargestBinaryUnitThatDividesIt(long bytes, String text) {
    assertThat(Sizes.text(bytes)).isEqualTo(text);
    assertThat(Sizes.parse(text)).as("what it writes reads back").isEqualTo(bytes);
  }
}

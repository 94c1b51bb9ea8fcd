package io.herald.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A positive duration written {@code 500ms}, {@code 60s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT1M}). */
final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

    @Override
    public Duration convert(String text) {
        Duration duration = parse(text.strip());
        if (duration.isZero() || duration.isNegative()) {
            throw new TypeConversionException("'" + text + "' is not a positive duration");
        }
        return duration;
    }

    private static Duration parse(String text) {
        Matcher matcher = SHORT.matcher(text);
        try {
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                return switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            }
            return Duration.parse(text);
        } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
            throw new TypeConversionException("'" + text + "' is not a duration: write e.g. 500ms, 60s, 5m, 1h or PT1M");
        }
    }
}

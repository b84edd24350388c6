package dev.stockroom.stock;

import dev.stockroom.binding.Php;
import dev.stockroom.error.ErrorEntry;
import dev.stockroom.error.Parameters;
import dev.stockroom.error.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Magento's stock validators (name, then each sales channel), errors accumulated; then Stockroom's
 * limit of the name column Magento would overflow.
 */
final class StockValidator {
  static final int NAME_MAX_LENGTH = 255;
  private static final String CAN_NOT_BE_EMPTY = "\"%field\" can not be empty.";

  private StockValidator() {}

  static void validate(Stock stock, Predicate<String> websiteExists) {
    var errors = new ArrayList<ErrorEntry>();
    String name = stock.name() == null ? "" : stock.name();
    if (Php.trim(name).isEmpty()) {
      errors.add(ErrorEntry.forField(CAN_NOT_BE_EMPTY, "name"));
    } else if (name.codePointCount(0, name.length()) > NAME_MAX_LENGTH) {
      errors.add(ErrorEntry.tooLong("name", NAME_MAX_LENGTH));
    }
    for (SalesChannel channel : stock.salesChannels()) {
      validateChannel(channel, websiteExists, errors);
    }
    if (!errors.isEmpty()) {
      throw new ValidationException("Validation Failed", errors);
    }
  }

  /** Only the website type is checked further; Magento stores other types as they come. */
  private static void validateChannel(
      SalesChannel channel, Predicate<String> websiteExists, List<ErrorEntry> errors) {
    if (channel.type() == null || Php.trim(channel.type()).isEmpty()) {
      errors.add(ErrorEntry.forField(CAN_NOT_BE_EMPTY, "type"));
    }
    String code = channel.code() == null ? "" : channel.code();
    if (Php.trim(code).isEmpty()) {
      errors.add(ErrorEntry.forField(CAN_NOT_BE_EMPTY, "code"));
    }
    if (SalesChannel.WEBSITE.equals(channel.type()) && !websiteExists.test(code)) {
      errors.add(
          new ErrorEntry(
              "The website with code \"%code\" does not exist.", Parameters.of("code", code)));
    }
  }
}

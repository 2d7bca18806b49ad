package dev.banata.vault;

import java.util.List;

/**
 * One page of {@code list}, in ascending id (= creation) order.
 *
 * @param data the secrets of this page (metadata only)
 * @param nextCursor pass to {@link ListRequest#after(String)} for the next page; null on the last page
 */
public record SecretPage(List<VaultSecret> data, String nextCursor) {

  public SecretPage {
    data = List.copyOf(data);
  }

  public boolean hasMore() {
    return nextCursor != null;
  }
}

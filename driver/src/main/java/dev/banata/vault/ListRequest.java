package dev.banata.vault;

import dev.banata.vault.internal.secrets.SecretId;
import dev.banata.vault.internal.secrets.VaultLimits;


/**
 * One page of {@code list}: the seed SDK's {@code list({ organizationId, limit })} plus a cursor.
 *
 * <pre>{@code
 * SecretPage page = vault.list(ListRequest.firstPage().organizationId("org_01HXYZ").limit(50));
 * while (page.nextCursor() != null) {
 *   page = vault.list(ListRequest.after(page.nextCursor()).organizationId("org_01HXYZ").limit(50));
 * }
 * }</pre>
 *
 * <p>Immutable; each method returns a new request and checks its argument at once.
 */
public final class ListRequest {

  private final String organizationId;
  private final int limit;
  private final String cursor;

  private ListRequest(String organizationId, int limit, String cursor) {
    this.organizationId = organizationId;
    this.limit = limit;
    this.cursor = cursor;
  }

  /** The first page of every secret, {@value VaultLimits#DEFAULT_PAGE_SIZE} at a time. */
  public static ListRequest firstPage() {
    return new ListRequest(null, VaultLimits.DEFAULT_PAGE_SIZE, null);
  }

  /** The page after the one whose {@link SecretPage#nextCursor()} is {@code cursor}. */
  public static ListRequest after(String cursor) {
    return firstPage().cursor(cursor);
  }

  /** Only secrets of this organization (null: every secret). */
  public ListRequest organizationId(String organizationId) {
    return new ListRequest(VaultLimits.checkOrganizationId(organizationId), limit, cursor);
  }

  /** Page size, {@value VaultLimits#MIN_PAGE_SIZE}..{@value VaultLimits#MAX_PAGE_SIZE}. */
  public ListRequest limit(int limit) {
    return new ListRequest(organizationId, VaultLimits.checkLimit(limit), cursor);
  }

  /** Continue after this cursor (null: from the start). Cursors are opaque; pass back what a page returned. */
  public ListRequest cursor(String cursor) {
    if (cursor != null && !SecretId.isSecretId(cursor)) {
      throw new VaultException(VaultException.Code.INVALID_CURSOR, "Invalid list cursor");
    }
    return new ListRequest(organizationId, limit, cursor);
  }

  public String organizationId() {
    return organizationId;
  }

  public int limit() {
    return limit;
  }

  public String cursor() {
    return cursor;
  }

  @Override
  public String toString() {
    return "ListRequest[organizationId=" + organizationId + ", limit=" + limit + ", cursor=" + cursor + "]";
  }
}

/**
 * Transfer ids are chosen by whoever causes the transfer and derived from that cause, so asking
 * again (a redelivered event, a retried request) names the same transfer and cannot apply it
 * twice (TigerBeetle's client-chosen ids). One verified attendance → one earn transfer.
 */
export function earnTransferId(attendanceId: string): string {
  return `earn:attendance:${attendanceId}`;
}

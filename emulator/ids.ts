/**
 * Hands out ids shaped like Kommo's (pipelines ~7 digits, statuses ~8). One
 * source lives as long as the server, across account resets, so an id is never
 * reused: a client holding an id from before a reset gets a 404, not somebody
 * else's object.
 */
export class IdSource {
  private pipeline = 7100001;
  private status = 61000003;
  private lead = 21000001;
  private description = 500001;

  nextPipeline(): number {
    return (this.pipeline += 4);
  }

  /** The reference's status ids step by 4; a client must not rely on that, so neither do we, but it looks the part. */
  nextStatus(): number {
    return (this.status += 4);
  }

  nextLead(): number {
    return (this.lead += 1);
  }

  nextDescription(): number {
    return (this.description += 1);
  }
}

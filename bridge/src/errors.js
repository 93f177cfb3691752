// Misuse is the only thing the bridge throws (rejects with). Flow outcomes — a wrong password,
// an expired flow, a server that is down — are result values, never exceptions.

/** A programming or setup mistake: bad config, an action the step does not offer, a missing API. */
export class PingflowError extends Error {
  /**
   * @param {string} code stable: environment, config, usage, busy, load, snapshot, bad_argument,
   *   bad_handle, panic, internal
   * @param {string} message
   * @param {{ field?: string, cause?: unknown }} [extra]
   */
  constructor(code, message, extra = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'PingflowError';
    this.code = code;
    if (extra.field) this.field = extra.field;
  }
}

/** Thrown inside the effect loop when cancel() interrupts it; never escapes to the caller. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

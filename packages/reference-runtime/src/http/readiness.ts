/**
 * Whether this process should get new traffic. It stops being ready the moment shutdown
 * begins, before anything closes, so a load balancer polling /ready moves traffic away
 * while in-flight requests still finish.
 */
export class Readiness {
  private drainingSince: number | null = null;

  drain(): void {
    this.drainingSince ??= Date.now();
  }

  get draining(): boolean {
    return this.drainingSince !== null;
  }
}

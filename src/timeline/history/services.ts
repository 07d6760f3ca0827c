import type { ServiceEntry } from '../types.ts';
import type { Draft } from './common.ts';

export interface ServiceHistory {
  readonly name: string;
  readonly createdAt: number;
  readonly headless: boolean;
  readonly publishNotReadyAddresses: boolean;
  readonly deletedAt?: number;
}

/** The Services recorded (the governing one), from their watch events; a recreated Service starts anew. */
export class ServiceHistories {
  readonly byName = new Map<string, Draft<ServiceHistory>>();

  onService(e: ServiceEntry): void {
    let s = this.byName.get(e.name);
    if (!s || s.deletedAt !== undefined) {
      s = { name: e.name, createdAt: e.at, headless: false, publishNotReadyAddresses: false };
      this.byName.set(e.name, s);
    }
    s.headless = e.object.spec.clusterIP === 'None';
    s.publishNotReadyAddresses = e.object.spec.publishNotReadyAddresses === true;
    if (e.type === 'DELETED') s.deletedAt = e.at;
  }
}

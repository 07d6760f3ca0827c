import { expect } from 'chai';
import type { KubeHttp } from './http.ts';
import { ResumableWatch, type WatchEvent } from './watch.ts';

interface Pod {
  metadata: { name: string; uid: string; resourceVersion: string };
}
const pod = (name: string, uid: string, rv: string): Pod => ({
  metadata: { name, uid, resourceVersion: rv },
});

/** Lists answer `lists` in turn; the first watch ends with 410 Gone, later ones wait for the stop. */
function fakeHttp(lists: Pod[][]): KubeHttp {
  let listed = 0;
  let watched = 0;
  return {
    async request(verb: string) {
      if (verb !== 'list') throw new Error(`unexpected ${verb}`);
      const items = lists[Math.min(listed++, lists.length - 1)] ?? [];
      return { metadata: { resourceVersion: String(10 + listed) }, items };
    },
    async watchStream(_path: string, _q: unknown, onLine: (l: string) => void, signal: AbortSignal) {
      if (watched++ === 0) {
        onLine(JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } }));
        return;
      }
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    },
  } as unknown as KubeHttp;
}

describe('ResumableWatch', () => {
  it('a relist after 410 Gone reports what went before what came: never two objects of one name at once', async () => {
    // web-1 was replaced while the watch was expired: the relist finds a new UID under the same name.
    const events: WatchEvent<Pod>[] = [];
    const w = new ResumableWatch<Pod>(
      fakeHttp([
        [pod('web-0', 'a', '1'), pod('web-1', 'old', '2')],
        [pod('web-1', 'new', '9'), pod('web-0', 'a', '1')],
      ]),
      { path: '/api/v1/namespaces/ns/pods', onEvent: (e) => events.push(e) },
    );
    await w.start();
    for (let i = 0; i < 50 && events.length < 4; i++) await new Promise((r) => setTimeout(r, 5));
    await w.stop();
    const relisted = events
      .filter((e) => e.origin === 'relist')
      .map((e) => `${e.type} ${e.object.metadata.uid}`);
    expect(relisted).to.deep.equal(['DELETED old', 'ADDED new']);
    expect([...w.objects.keys()].sort()).to.deep.equal(['a', 'new']);
  });
});

import { expect } from 'chai';
import { RefusedError, UsageError } from '../errors.ts';
import { ApiError } from '../kube/http.ts';
import { isMultiTarget, resolveTargets } from './targets.ts';

describe('resolveTargets', () => {
  const lister = (names: string[] | Error, seen: unknown[] = []) => ({
    request: async (verb: string, path: string, opts?: unknown) => {
      seen.push([verb, path, opts]);
      if (names instanceof Error) throw names;
      return { items: names.map((name) => ({ metadata: { name } })) } as never;
    },
  });

  it('the targets in order, then the selector matches by name, each once', async () => {
    const seen: unknown[] = [];
    const got = await resolveTargets(lister(['zk', 'db', 'web'], seen), {
      targets: [
        { namespace: 'prod', name: 'web' },
        { namespace: 'a', name: 'x' },
      ],
      selector: { namespace: 'prod', labels: 'tier in (db,web)' },
    });
    expect(got.map((t) => `${t.namespace}/${t.name}`)).to.deep.equal([
      'prod/web',
      'a/x',
      'prod/db',
      'prod/zk',
    ]);
    expect(seen).to.deep.equal([
      [
        'list',
        '/apis/apps/v1/namespaces/prod/statefulsets',
        { query: { labelSelector: 'tier in (db,web)' } },
      ],
    ]);
  });

  it('no selector: no request', async () => {
    const seen: unknown[] = [];
    await resolveTargets(lister([], seen), { targets: [{ namespace: 'a', name: 'b' }] });
    expect(seen).to.deep.equal([]);
  });

  it('a selector that matches nothing is a refusal; one the server refuses, or may not list, a usage error', async () => {
    const sel = { targets: [], selector: { namespace: 'prod', labels: 'tier=none' } };
    let err: unknown;
    await resolveTargets(lister([]), sel).catch((e) => {
      err = e;
    });
    expect(err).to.be.instanceOf(RefusedError);
    expect((err as Error).message).to.equal('no StatefulSet in prod matches tier=none: nothing to test');
    await resolveTargets(lister(new ApiError(400, 'BadRequest', 'unable to parse requirement')), sel).catch(
      (e) => {
        err = e;
      },
    );
    expect(err).to.be.instanceOf(UsageError);
    expect((err as Error).message).to.match(/^--selector prod\/tier=none: the API server refused it/);
    await resolveTargets(lister(new ApiError(403, 'Forbidden', 'forbidden')), sel).catch((e) => {
      err = e;
    });
    expect((err as Error).message).to.match(/cannot list statefulsets in prod: forbidden/);
  });

  it('several targets or a selector make a multi-target run', () => {
    expect(isMultiTarget({ targets: [{ namespace: 'a', name: 'b' }] })).to.equal(false);
    expect(
      isMultiTarget({
        targets: [
          { namespace: 'a', name: 'b' },
          { namespace: 'a', name: 'c' },
        ],
      }),
    ).to.equal(true);
    expect(isMultiTarget({ targets: [], selector: { namespace: 'a', labels: 'x=y' } })).to.equal(true);
  });
});

import { expect } from 'chai';
import { ApiError } from '../../kube/http.ts';
import { Duration } from '../../util/duration.ts';
import { type JobView, JobWatch } from './job-watch.ts';
import { fakeJobApi, until } from './testing/job-api.ts';

function watchOf(api: ReturnType<typeof fakeJobApi>) {
  const seen: (JobView | undefined)[] = [];
  const fatal: Error[] = [];
  const w = new JobWatch({
    http: api.http,
    namespace: 'demo',
    name: 'run-1',
    onJob: (j) => seen.push(j),
    onFatal: (e) => fatal.push(e),
    backoff: Duration.millis(1),
  });
  return { w, seen, fatal };
}

describe('JobWatch (the run’s own Job)', () => {
  it('gets the Job, then watches that one Job by name from its resourceVersion: get and watch only, never list', async () => {
    const api = fakeJobApi();
    const { w, seen } = watchOf(api);
    await w.start();
    await until(() => api.watches.length === 1, 'a watch');
    expect(api.gets).to.deep.equal([`get ${api.path}/run-1`]);
    expect(api.watches[0]?.query).to.deep.include({
      path: api.path,
      fieldSelector: 'metadata.name=run-1',
      resourceVersion: '10',
      allowWatchBookmarks: true,
    });
    api.annotate('sts-chaos.io/continue', '1');
    expect(seen.at(-1)?.metadata.annotations).to.deep.equal({ 'sts-chaos.io/continue': '1' });
    await w.stop();
  });

  it('resumes from the last resourceVersion (bookmarks too) when the server ends the watch', async () => {
    const api = fakeJobApi();
    const { w } = watchOf(api);
    await w.start();
    await until(() => api.watches.length === 1, 'a watch');
    api.send('BOOKMARK', { metadata: { resourceVersion: '42' } });
    api.endWatch();
    await until(() => api.watches.length === 2, 'the watch resumed');
    expect(api.watches[1]?.query.resourceVersion).to.equal('42');
    expect(api.gets).to.have.length(1);
    await w.stop();
  });

  it('after 410 Gone, reads the Job again (what changed meanwhile) and watches from there', async () => {
    const api = fakeJobApi();
    const { w, seen } = watchOf(api);
    await w.start();
    await until(() => api.watches.length === 1, 'a watch');
    api.annotateUnseen('sts-chaos.io/continue', '2');
    api.send('ERROR', { kind: 'Status', code: 410, reason: 'Expired' });
    api.endWatch();
    await until(() => api.watches.length === 2, 'the watch after the read');
    expect(api.gets).to.have.length(2);
    expect(seen.at(-1)?.metadata.annotations?.['sts-chaos.io/continue']).to.equal('2');
    expect(api.watches[1]?.query.resourceVersion).to.equal('11');
    await w.stop();
  });

  it('reconnects after a broken connection', async () => {
    const api = fakeJobApi();
    const { w } = watchOf(api);
    await w.start();
    await until(() => api.watches.length === 1, 'a watch');
    api.endWatch(new ApiError(0, 'ConnectionFailed', 'socket hang up'));
    await until(() => api.watches.length === 2, 'a new watch');
    await w.stop();
  });

  it('tells a deleted Job', async () => {
    const api = fakeJobApi();
    const { w, seen } = watchOf(api);
    await w.start();
    await until(() => api.watches.length === 1, 'a watch');
    api.send('DELETED', { metadata: { name: 'run-1', resourceVersion: '12' } });
    expect(seen.at(-1)).to.equal(undefined);
    await w.stop();
  });

  it('a Job it may not read or that does not exist: a usage error naming the Job and what it needs', async () => {
    const forbidden = fakeJobApi();
    forbidden.failGet(403);
    let err: Error | undefined;
    await watchOf(forbidden)
      .w.start()
      .catch((e: Error) => (err = e));
    expect(err?.message).to.match(
      /cannot read job demo\/run-1: forbidden \(its service account needs get and watch/,
    );
    expect(err).to.have.property('exitCode', 2);
    const missing = fakeJobApi();
    missing.failGet(404);
    await watchOf(missing)
      .w.start()
      .catch((e: Error) => (err = e));
    expect(err?.message).to.match(/job demo\/run-1 not found \(STS_CHAOS_JOB_NAME/);
  });

  it('a watch that is forbidden is fatal, told once, with what it needs', async () => {
    const api = fakeJobApi();
    api.failWatch(403);
    const { w, fatal } = watchOf(api);
    await w.start();
    await until(() => fatal.length === 1, 'the fatal error');
    expect(fatal[0]?.message).to.match(/cannot watch job demo\/run-1: .*403.*needs get and watch on it/);
    await w.stop();
  });
});

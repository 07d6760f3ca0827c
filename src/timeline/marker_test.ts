import { expect } from 'chai';
import { markerLine, markerMismatch, parseMarker } from './marker.ts';

const w = { ordinal: 1, run: 'run-a', seq: 3 };
const read = (line: string, path = '/data') => `${path}=${line}`;

describe('VOL-3 marker', () => {
  it('round-trips a line, its checksum intact', () => {
    expect(parseMarker(markerLine(w))).to.deep.equal({ ...w, intact: true });
    expect(parseMarker(markerLine(w).replace('seq=3', 'seq=4'))?.intact).to.equal(false);
    expect(parseMarker('hello')).to.equal(undefined);
  });

  it('matches only exactly what this ordinal wrote, on every path', () => {
    expect(
      markerMismatch(`${read(markerLine(w))}; ${read(markerLine(w), '/x')}`, w, ['/data', '/x'], 'web'),
    ).to.equal(undefined);
    expect(markerMismatch(read(markerLine(w)), w, ['/data', '/x'], 'web')).to.equal('no marker at /x');
  });

  it("names whose marker it is: another ordinal's, another run's, an older one, a corrupt one", () => {
    expect(markerMismatch(read(markerLine({ ...w, ordinal: 0 })), w, ['/data'], 'web')).to.match(
      /^web-0's marker at \/data/,
    );
    expect(markerMismatch(read(markerLine({ ...w, run: 'run-old' })), w, ['/data'], 'web')).to.match(
      /^the marker of another run \(run-old\)/,
    );
    expect(markerMismatch(read(markerLine({ ...w, seq: 2 })), w, ['/data'], 'web')).to.match(
      /^an older marker \(seq 2; seq 3 was written\)/,
    );
    expect(markerMismatch(read(markerLine(w).replace('seq=3', 'seq=4')), w, ['/data'], 'web')).to.match(
      /corrupt/,
    );
    expect(markerMismatch(read('garbage'), w, ['/data'], 'web')).to.match(/^not a marker of sts-chaos/);
  });
});

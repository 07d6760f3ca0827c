import { expect } from 'chai';
import { derive } from '../derive.ts';
import { nodeExistsAt, nodeReadyAt, taintedAt } from '../queries.ts';
import { TimelineBuilder, ts } from '../testing/builder.ts';

describe('node histories', () => {
  it('tracks node readiness, cordons, taints and deletion', () => {
    const b = new TimelineBuilder()
      .at(0)
      .node('n1')
      .at(10)
      .nodeNotReady('n1')
      .at(20)
      .nodeTaint('n1', 'node.kubernetes.io/out-of-service')
      .at(30)
      .nodeReady('n1')
      .nodeUntaint('n1', 'node.kubernetes.io/out-of-service')
      .at(40)
      .nodeCordoned('n1')
      .at(50)
      .nodeDeleted('n1')
      .at(60)
      .node('n1');
    const d = derive(b.build());
    const n = d.nodes.get('n1');
    expect(n?.notReady).to.deep.equal([{ from: ts(10), to: ts(30), status: 'Unknown' }]);
    expect(n?.unschedulable).to.deep.equal([{ from: ts(40), to: ts(50) }]);
    expect(n?.deletions).to.deep.equal([ts(50)]);
    if (!n) return;
    expect(nodeReadyAt(n, ts(5))).to.equal(true);
    expect(nodeReadyAt(n, ts(15))).to.equal(false);
    expect(nodeReadyAt(n, ts(55))).to.equal(false);
    expect(nodeExistsAt(n, ts(55))).to.equal(false);
    expect(nodeReadyAt(n, ts(61))).to.equal(true);
    expect(taintedAt(n, 'node.kubernetes.io/out-of-service', ts(25))).to.equal(true);
    expect(taintedAt(n, 'node.kubernetes.io/out-of-service', ts(35))).to.equal(false);
  });
});

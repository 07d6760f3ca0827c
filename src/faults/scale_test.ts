import { expect } from 'chai';
import { lowest } from './scale.ts';

describe('scale step: how far below R it goes', () => {
  it('to R-1, so that two ordinals go and their order is judged', () => {
    expect(lowest(3, undefined)).to.deep.equal({ to: 2 });
    expect(lowest(2, 'Retain')).to.deep.equal({ to: 1 });
  });

  it('not below R when that would delete a claim the user had (whenScaled: Delete), or leave no pod', () => {
    expect(lowest(3, 'Delete'))
      .to.include({ to: 3 })
      .and.have.property('why')
      .that.matches(/whenScaled: Delete/);
    expect(lowest(1, undefined))
      .to.include({ to: 1 })
      .and.have.property('why')
      .that.matches(/no pod/);
  });
});

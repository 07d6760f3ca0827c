import { expect } from 'chai';
import { FieldError } from './message.ts';
import {
  containerName,
  isDnsLabel,
  isDnsSubdomain,
  parseNamespace,
  parseSelector,
  parseTarget,
  parseTargets,
} from './names.ts';

describe('names', () => {
  it('checks DNS-1123 names', () => {
    expect(isDnsLabel('kube-system')).to.equal(true);
    expect(isDnsLabel('a.b')).to.equal(false);
    expect(isDnsLabel('-a')).to.equal(false);
    expect(isDnsSubdomain('a.b-c.d')).to.equal(true);
    expect(isDnsSubdomain('a..b')).to.equal(false);
  });

  it('parses a target, saying which part is wrong', () => {
    expect(parseTarget('demo/web-0.x')).to.deep.equal({ namespace: 'demo', name: 'web-0.x' });
    expect(() => parseTarget(undefined)).to.throw(FieldError, 'is required, as <namespace>/<statefulset>');
    expect(() => parseTarget(5)).to.throw(FieldError, 'expected <namespace>/<statefulset>, got number 5');
    expect(() => parseTarget('Demo/web')).to.throw(
      FieldError,
      /^"Demo\/web": namespace "Demo" is not a valid name/,
    );
    expect(() => parseTarget('demo/Web')).to.throw(
      FieldError,
      /^"demo\/Web": name "Web" is not a valid name/,
    );
  });

  it('parses several targets, each kept once, in order', () => {
    expect(parseTargets('a/web, b/db,a/web')).to.deep.equal([
      { namespace: 'a', name: 'web' },
      { namespace: 'b', name: 'db' },
    ]);
    expect(parseTargets(['a/web'])).to.deep.equal([{ namespace: 'a', name: 'web' }]);
    expect(() => parseTargets(undefined)).to.throw(FieldError, 'is required, as <namespace>/<statefulset>');
    expect(() => parseTargets(',')).to.throw(FieldError, 'names no StatefulSet');
    expect(() => parseTargets('a/web,b')).to.throw(FieldError, '"b" must be <namespace>/<statefulset>');
  });

  it('parses a selector: the namespace before the first slash, the label selector after', () => {
    expect(parseSelector('prod/tier=db')).to.deep.equal({ namespace: 'prod', labels: 'tier=db' });
    expect(parseSelector('prod/app.kubernetes.io/name=db,tier!=x')).to.deep.equal({
      namespace: 'prod',
      labels: 'app.kubernetes.io/name=db,tier!=x',
    });
    expect(() => parseSelector('tier=db')).to.throw(FieldError, /must be <namespace>\/<label selector>/);
    expect(() => parseSelector('prod/')).to.throw(FieldError, /must be <namespace>\/<label selector>/);
    expect(() => parseSelector('Prod/a=b')).to.throw(FieldError, /namespace "Prod" is not a valid name/);
    expect(() => parseSelector(3)).to.throw(FieldError, /got number 3/);
  });

  it('parses namespaces and container names as DNS-1123 labels', () => {
    expect(parseNamespace('kube-system')).to.equal('kube-system');
    expect(() => parseNamespace('a.b')).to.throw(FieldError, /^"a.b" is not a valid namespace \(/);
    expect(containerName('db')).to.equal('db');
    expect(() => containerName('Main')).to.throw(FieldError, /^"Main" is not a valid container name \(/);
    expect(() => containerName('')).to.throw(FieldError, 'must not be empty');
  });
});

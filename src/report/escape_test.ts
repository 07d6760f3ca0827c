import { expect } from 'chai';
import { html, md, xmlAttr, xmlSafe, xmlText } from './escape.ts';

describe('report escaping', () => {
  it('escapes markup in XML text and attributes', () => {
    expect(xmlText('a < b && c > d ]]>')).to.equal('a &lt; b &amp;&amp; c &gt; d ]]&gt;');
    expect(xmlAttr(`say "hi" & 'bye' <x>`)).to.equal('say &quot;hi&quot; &amp; &apos;bye&apos; &lt;x&gt;');
  });

  it('keeps tabs and line breaks in attributes as references', () => {
    expect(xmlAttr('a\tb\nc\r')).to.equal('a&#9;b&#10;c&#13;');
    expect(xmlText('a\tb\nc')).to.equal('a\tb\nc');
  });

  it('replaces what XML cannot carry with a visible escape, keeping valid astral characters', () => {
    expect(xmlSafe('bell\u0007 nul\u0000 ff\u000c')).to.equal('bell\\u0007 nul\\u0000 ff\\u000c');
    expect(xmlSafe('lone \ud800 high')).to.equal('lone \\ud800 high');
    expect(xmlSafe('\ufffe\uffff')).to.equal('\\ufffe\\uffff');
    expect(xmlSafe('ok 😀 é')).to.equal('ok 😀 é');
    expect(xmlText('x\u0001<')).to.equal('x\\u0001&lt;');
  });

  it('escapes HTML', () => {
    expect(html(`<script>alert("x" + 'y')</script> & co`)).to.equal(
      '&lt;script&gt;alert(&quot;x&quot; + &#39;y&#39;)&lt;/script&gt; &amp; co',
    );
  });

  it('makes Markdown one inert line', () => {
    expect(md('a | b\n*c* _d_ `e` [f](g) <b>h</b> &lt;')).to.equal(
      'a \\| b \\*c\\* \\_d\\_ \\`e\\` \\[f\\](g) \\<b\\>h\\</b\\> &amp;lt;',
    );
  });
});

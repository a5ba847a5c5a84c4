// The cases record-kubelet.sh asks the kubelet's own code about (printed as JSON): edge cases of
// pull-secret decoding, keyring matching and image names where a tolerant reader would guess
// differently from the kubelet.
const b64 = (text) => Buffer.from(text, 'utf8').toString('base64');
const JSON_TYPE = 'kubernetes.io/dockerconfigjson';
const CFG_TYPE = 'kubernetes.io/dockercfg';
const json = (name, text) => ({ name, type: JSON_TYPE, key: '.dockerconfigjson', text });
const entryJson = (name, key, entry) => json(name, JSON.stringify({ auths: { [key]: entry } }));
const up = (username, password) => ({ username, password });

const cases = [];
const add = (name, image, secrets, lookup) =>
  cases.push({ name, ...(image ? { image } : {}), ...(lookup ? { lookup } : {}), secrets });

// auth decoding
for (const auth of [
  'dTpw',
  'dTpw\n',
  'dTpw\r\n',
  'dT\npw',
  'dTpwCg',
  'dTpwCg==',
  'dTpwCg=',
  'dTpwCg===',
  'dTpwCg==\n',
  'dTpwCg== ',
  'dTpwCg==\t',
  ' dTpwCg==',
  'dTpwCg\t',
  'dTpwC',
  'dTpwCg==dTpw',
  '=',
  ' ',
  'pants',
  'cGFudHM=',
  b64(':'),
  b64(':p'),
  b64('u:'),
  b64('u:p:q'),
  b64('ü:pässword'),
  'dTpw-_',
  'dTp+/w==',
  '%%%%',
]) {
  add(`auth ${JSON.stringify(auth)}`, 'reg.example.com/team/app', [
    entryJson('s', 'reg.example.com', { username: 'field-user', password: 'field-pass', auth }),
  ]);
}
add('auth empty uses the fields', 'reg.example.com/team/app', [
  entryJson('s', 'reg.example.com', { username: 'f', password: 'g', auth: '' }),
]);
add('auth alone', 'reg.example.com/team/app', [
  entryJson('s', 'reg.example.com', { auth: b64('a:b') }),
]);

// JSON shapes
for (const [label, text] of [
  ['empty object', '{}'],
  ['null', 'null'],
  ['array', '[]'],
  ['string', '"x"'],
  ['blank', ' '],
  ['truncated', '{"auths":'],
  ['trailing garbage', '{"auths":{}} x'],
  ['trailing comma', '{"auths":{"reg.example.com":{"username":"u",}}}'],
  ['auths null', '{"auths":null}'],
  ['auths array', '{"auths":[]}'],
  ['auths string', '{"auths":"x"}'],
  ['Auths capitalised', '{"Auths":{"reg.example.com":{"username":"u","password":"p"}}}'],
  ['AUTHS upper', '{"AUTHS":{"reg.example.com":{"username":"u","password":"p"}}}'],
  [
    'two auths merge',
    '{"auths":{"reg.example.com":{"username":"u"}},"Auths":{"other.io":{"username":"o"}}}',
  ],
  ['auths then null', '{"auths":{"reg.example.com":{"username":"u"}},"auths":null}'],
  ['entry null', '{"auths":{"reg.example.com":null}}'],
  ['entry string', '{"auths":{"reg.example.com":"u:p"}}'],
  ['entry array', '{"auths":{"reg.example.com":[]}}'],
  ['email number', '{"auths":{"reg.example.com":{"username":"u","password":"p","email":5}}}'],
  ['email false', '{"auths":{"reg.example.com":{"username":"u","password":"p","email":false}}}'],
  ['username null', '{"auths":{"reg.example.com":{"username":null,"password":"p"}}}'],
  ['password array', '{"auths":{"reg.example.com":{"username":"u","password":["p"]}}}'],
  ['auth number', '{"auths":{"reg.example.com":{"auth":12}}}'],
  ['USERNAME upper', '{"auths":{"reg.example.com":{"USERNAME":"u","PassWord":"p"}}}'],
  ['long s folds', '{"auths":{"reg.example.com":{"u\u017fername":"u","pa\u017f\u017fword":"p"}}}'],
  ['kelvin does not fold to a field', '{"auths":{"reg.example.com":{"\u212auth":"x"}}}'],
  [
    'duplicate field last wins',
    '{"auths":{"reg.example.com":{"username":"a","username":"b","password":"p"}}}',
  ],
  [
    'duplicate field case',
    '{"auths":{"reg.example.com":{"username":"a","Username":"b","password":"p"}}}',
  ],
  [
    'duplicate entry last wins',
    '{"auths":{"reg.example.com":{"username":"a"},"reg.example.com":{"username":"b"}}}',
  ],
  [
    'bad first duplicate',
    '{"auths":{"reg.example.com":{"auth":"!"},"reg.example.com":{"username":"b"}}}',
  ],
  [
    'unknown fields ignored',
    '{"auths":{"reg.example.com":{"username":"u","password":"p","identitytoken":5}},"credsStore":[1]}',
  ],
  ['HttpHeaders ok', '{"auths":{"reg.example.com":{"username":"u"}},"HttpHeaders":{"X":"y"}}'],
  ['HttpHeaders number', '{"auths":{"reg.example.com":{"username":"u"}},"HttpHeaders":{"X":1}}'],
  ['httpheaders array', '{"auths":{"reg.example.com":{"username":"u"}},"httpheaders":[]}'],
  ['control char in string', '{"auths":{"reg.example.com":{"username":"u\u0001"}}}'],
  [
    'escaped unicode',
    '{"auths":{"reg.example.com":{"username":"\\u0075","password":"\\ud83d\\ude00"}}}',
  ],
  ['lone surrogate escape', '{"auths":{"reg.example.com":{"username":"u","password":"\\ud800x"}}}'],
  ['bad escape', '{"auths":{"reg.example.com":{"username":"\\x"}}}'],
  ['leading zero number', '{"auths":{},"n":01}'],
  ['whitespace around', ' \n\t{"auths":{"reg.example.com":{"username":"u","password":"p"}}}\r\n'],
  ['BOM', '\ufeff{"auths":{}}'],
  ['legacy map in dockerconfigjson', '{"reg.example.com":{"username":"u","password":"p"}}'],
]) {
  add(`json ${label}`, 'reg.example.com/team/app', [json('s', text)]);
}

// nesting: Go's scanner reads up to 10,000 open objects/arrays and refuses the next one
const nested = (levels) => '['.repeat(levels) + ']'.repeat(levels);
const entryAt = '{"auths":{"reg.example.com":{"username":"u","password":"p","x":';
for (const [label, text] of [
  ['6000 levels in an entry field', `${entryAt}${nested(5997)}}}}`],
  [
    '10000 levels (the limit)',
    `{"auths":{"reg.example.com":{"username":"u"}},"x":${nested(9999)}}`,
  ],
  ['10001 levels', `{"auths":{"reg.example.com":{"username":"u"}},"x":${nested(10000)}}`],
]) {
  add(`json nesting ${label}`, 'reg.example.com/team/app', [json('s', text)]);
}

// secret types and pooling
add('dockercfg type', 'reg.example.com/team/app', [
  {
    name: 's',
    type: CFG_TYPE,
    key: '.dockercfg',
    text: '{"reg.example.com":{"username":"u","password":"p"}}',
  },
]);
add('dockercfg bad', 'reg.example.com/team/app', [
  { name: 's', type: CFG_TYPE, key: '.dockercfg', text: '{"reg.example.com":{"auth":"!"}}' },
]);
add('opaque with the key', 'reg.example.com/team/app', [
  {
    name: 's',
    type: 'Opaque',
    key: '.dockerconfigjson',
    text: '{"auths":{"reg.example.com":{"auth":"!"}}}',
  },
]);
add('empty data', 'reg.example.com/team/app', [json('s', '')]);
add('one bad secret fails all', 'reg.example.com/team/app', [
  entryJson('good', 'reg.example.com', up('u', 'p')),
  entryJson('bad', 'other.io', { email: 1 }),
]);
add('order across secrets', 'reg.example.com/team/app', [
  entryJson('a', 'reg.example.com', up('a', '1')),
  entryJson('b', 'reg.example.com/team', up('b', '2')),
  entryJson('c', 'reg.example.com', up('c', '3')),
  entryJson('d', '*.example.com', up('d', '4')),
]);

// keys
const keys = [
  'reg.example.com',
  'Reg.Example.com',
  'REG.EXAMPLE.COM',
  'https://reg.example.com',
  'http://reg.example.com/v2/',
  'HTTPS://reg.example.com',
  'https://reg.example.com/v1/team',
  'reg.example.com/v2/team',
  'reg.example.com/team',
  'reg.example.com/tea',
  'reg.example.com/other',
  'reg.example.com:443',
  'reg.example.com:',
  'user@reg.example.com',
  'user:pw@reg.example.com',
  'us er@reg.example.com',
  'reg example.com',
  'reg.example.com#frag',
  'reg.example.com?x=1',
  'reg.example.com/te%61m',
  'reg.example.com/te%zzm',
  're%67.example.com',
  '*.example.com',
  '*.*.com',
  'r?g.example.com',
  'r[a-f]g.example.com',
  'r[^a-f]g.example.com',
  'r[e-].example.com',
  'r\\eg.example.com',
  'r[eg.example.com',
  '*',
  '',
];
for (const key of keys) {
  add(`key ${JSON.stringify(key)}`, 'reg.example.com/team/app', [
    entryJson('s', key, up('u', 'p')),
  ]);
}
for (const key of [
  'https://index.docker.io/v1/',
  'index.docker.io',
  'index.docker.io/v1/',
  'https://index.docker.io/v2/',
  'docker.io',
  'https://docker.io',
  'docker.io/library',
  'docker.io/other',
  'index.docker.io/library',
  'registry-1.docker.io',
  'https://registry-1.docker.io/v2/',
  'Docker.io',
  'INDEX.DOCKER.IO',
]) {
  for (const image of [
    'nginx',
    'bitnami/redis:7',
    'index.docker.io/library/busybox',
    'registry-1.docker.io/library/nginx',
  ]) {
    add(`hub key ${JSON.stringify(key)} image ${image}`, image, [
      entryJson('s', key, up('u', 'p')),
    ]);
  }
}
add('hub: docker.io beats the index.docker.io fallback', 'nginx', [
  entryJson('fallback', 'https://index.docker.io/v1/', up('f', '1')),
  entryJson('direct', 'docker.io', up('d', '2')),
]);
for (const [key, image] of [
  ['localhost:5000', 'localhost:5000/team/app'],
  ['localhost:5000', 'localhost:5001/team/app'],
  ['localhost', 'localhost:5000/team/app'],
  ['localhost', 'localhost/team/app'],
  ['[::1]:5000', '[::1]:5000/team/app'],
  ['[::1]', '[::1]:5000/team/app'],
  ['127.0.0.1:5000', '127.0.0.1:5000/app'],
  ['Reg.Example.com', 'Reg.Example.com/team/app'],
  ['reg.example.com', 'Reg.Example.com/team/app'],
]) {
  add(`key ${JSON.stringify(key)} image ${image}`, image, [entryJson('s', key, up('u', 'p'))]);
}

// image names (ParseImageName)
const hex = 'a'.repeat(64);
for (const image of [
  'nginx',
  'nginx:1.27',
  'Nginx',
  'docker.io/Nginx',
  'ex_ample.com/a',
  'ex_ample.com:5000/a',
  'localhost',
  'localhost:5000',
  'localhost:5000/a:1',
  'LOCALDOMAIN/a',
  `a@sha256:${hex}`,
  `a:1@sha256:${hex}`,
  `a@sha256:${hex.toUpperCase()}`,
  `a@sha256:${hex.slice(1)}`,
  `a@sha384:${'b'.repeat(96)}`,
  `a@sha512:${'c'.repeat(128)}`,
  `a@sha512:${'c'.repeat(64)}`,
  `a@md5:${'d'.repeat(32)}`,
  `a@sha256+b64:${'e'.repeat(64)}`,
  hex,
  `docker.io/${hex}`,
  `${'x'.repeat(247)}`,
  `${'x'.repeat(248)}`,
  `example.com/${'y'.repeat(255)}`,
  `example.com/${'y'.repeat(256)}`,
  `team/${'z'.repeat(245)}`,
  `team/${'z'.repeat(246)}`,
  'a//b',
  'a/b/',
  'a:',
  'a:-x',
  `a:${'t'.repeat(128)}`,
  `a:${'t'.repeat(129)}`,
  '[::1]:5000/a',
  '[::1]/a',
  'fc00::1:5000/a',
  'a b',
]) {
  add(
    `image ${JSON.stringify(image.length > 60 ? `${image.slice(0, 40)}…(${image.length})` : image)}`,
    image,
    [],
  );
}

process.stdout.write(JSON.stringify(cases));

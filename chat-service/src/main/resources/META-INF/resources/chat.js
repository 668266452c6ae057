// The page takes nothing from its URL: the auth-service's address comes from the chat-service's own
// configuration (chat.page.auth-url), which the Content-Security-Policy also names as the only other
// origin the page may call.
const pageConfig = fetch('/v1/chat/page').then(response => {
  if (!response.ok) throw new Error('the chat service answered ' + response.status);
  return response.json();
});
let socket, me, room, lastSeq = 0, typingTimer;
// Display names by user id, learnt from the frames (welcome, messages, presence, typing); a person the
// service does not know by name is shown by their id.
const names = new Map();
const learn = (id, name) => { if (id && name) names.set(id, name); };
const nameOf = id => names.get(id) || id;
const $ = id => document.getElementById(id);
const show = (id, on) => $(id).classList.toggle('hidden', !on);
const status = text => { $('status').textContent = text; $('status').classList.remove('error'); };
// A failure is said on the page, never left to the console: the status line turns into an alert.
const failure = text => { $('status').textContent = text; $('status').classList.add('error'); };

function line(text, cls) {
  const div = document.createElement('div');
  div.className = 'message ' + (cls || '');
  div.textContent = text;
  $('log').appendChild(div);
  $('log').scrollTop = $('log').scrollHeight;
}

async function login(email, password) {
  let authUrl;
  try {
    ({ authUrl } = await pageConfig);
  } catch (error) {
    failure('Cannot load the chat settings (' + error.message + '). Reload the page.');
    return null;
  }
  let response;
  try {
    response = await fetch(authUrl + '/v1/user/login', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password })
    });
  } catch (error) {
    // A network error or a CORS refusal: the browser tells the script nothing more.
    failure('Cannot reach the sign-in service at ' + authUrl + ' from ' + location.origin
      + ' (is it running, and is this origin in its CORS_ORIGINS?).');
    return null;
  }
  if (!response.ok) {
    failure(response.status === 401 ? 'Wrong email or password.' : 'Login failed (' + response.status + ').');
    return null;
  }
  return (await response.json()).accessToken;
}

function connect(token) {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/v1/chat`;
  status('Connecting…');
  // Browsers cannot set headers on a WebSocket: the token rides in the subprotocol list.
  socket = new WebSocket(url, ['bearer-token-carrier', encodeURI('quarkus-http-upgrade#Authorization#Bearer ' + token)]);
  socket.onopen = () => status('Connected.');
  socket.onmessage = event => handle(JSON.parse(event.data));
  return new Promise(resolve => {
    let welcomed = false;
    socket.addEventListener('message', () => { welcomed = true; resolve(true); }, { once: true });
    socket.onclose = event => {
      const why = event.code + (event.reason ? ' ' + event.reason : '');
      show('join', false); show('say', false); show('login', true);
      if (welcomed) {
        failure('Disconnected (' + why + '). Log in again to reconnect.');
      } else {
        failure('Cannot connect to the chat at ' + url + ' (' + why + '). Log in again to retry.');
      }
      resolve(welcomed);
    };
  });
}

function handle(frame) {
  switch (frame.type) {
    case 'welcome':
      me = frame.userId; learn(me, frame.name);
      status('Connected as ' + nameOf(me) + '.'); show('join', true);
      break;
    case 'joined': status('In ' + frame.room + '.'); show('say', true); break;
    case 'message':
      lastSeq = Math.max(lastSeq, frame.seq);
      learn(frame.sender, frame.senderName);
      line((frame.system ? '' : (frame.sender === me ? 'me' : nameOf(frame.sender)) + ': ') + frame.text,
           frame.system ? 'system' : frame.sender === me ? 'me' : '');
      break;
    case 'presence':
      $('online').replaceChildren();
      (frame.members || frame.online.map(id => ({ id }))).forEach(member => {
        learn(member.id, member.name);
        const li = document.createElement('li');
        li.textContent = nameOf(member.id);
        li.title = member.id;
        $('online').appendChild(li);
      });
      break;
    case 'typing':
      if (frame.userId !== me) {
        learn(frame.userId, frame.name);
        $('typing').textContent = nameOf(frame.userId) + ' is typing…';
        clearTimeout(typingTimer);
        typingTimer = setTimeout(() => { $('typing').textContent = ''; }, 3000);
      }
      break;
    case 'error': line('Error: ' + frame.message, 'system'); break;
  }
}

function join(name) {
  room = name;
  socket.send(JSON.stringify({ type: 'join', room, lastSeq }));
}

function say(text) {
  socket.send(JSON.stringify({ type: 'message', room, clientId: crypto.randomUUID ? crypto.randomUUID() : String(Date.now() + Math.random()), text }));
}

$('login').onsubmit = async event => {
  event.preventDefault();
  status('Logging in…');
  const token = await login($('email').value, $('password').value);
  if (token) { show('login', false); await connect(token); }
};
window.addEventListener('unhandledrejection', event => failure('Something went wrong: ' + event.reason));
$('join').onsubmit = event => { event.preventDefault(); join($('room').value); };
$('say').onsubmit = event => { event.preventDefault(); say($('text').value); $('text').value = ''; };
$('text').oninput = () => socket && room && socket.send(JSON.stringify({ type: 'typing', room }));

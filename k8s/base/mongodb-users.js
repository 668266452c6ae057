// Run once by the mongo image's entrypoint, on an empty data directory, as the root user
// (docker-compose mounts this file into /docker-entrypoint-initdb.d; Kubernetes mounts the ConfigMap
// generated from it). Each service gets a user of its own that may read and write its own database
// only; the passwords come from the environment (a Secret), the same values the services' MONGODB_URI
// carry. Changing a password later: db.getSiblingDB('<database>').changeUserPassword('<user>', '<new>').
const users = [
  { user: 'auth-service', database: 'auth', variable: 'MONGODB_AUTH_PASSWORD' },
  { user: 'ticket-service', database: 'tickets', variable: 'MONGODB_TICKETS_PASSWORD' },
  { user: 'analytics-service', database: 'analytics', variable: 'MONGODB_ANALYTICS_PASSWORD' },
  { user: 'notification-service', database: 'notifications', variable: 'MONGODB_NOTIFICATIONS_PASSWORD' },
  { user: 'chat-service', database: 'chat', variable: 'MONGODB_CHAT_PASSWORD' },
];
for (const { user, database, variable } of users) {
  const password = process.env[variable];
  if (!password) {
    throw new Error(variable + ' is not set: the password of MongoDB user ' + user);
  }
  db.getSiblingDB(database).createUser({ user, pwd: password, roles: [{ role: 'readWrite', db: database }] });
}

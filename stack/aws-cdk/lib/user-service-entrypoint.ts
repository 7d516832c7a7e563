/**
 * The user service reads its signing key from a file (JWT_PRIVATE_KEY_FILE), while ECS injects
 * secrets as environment variables. This entry point bridges the two without changing the image:
 * it writes the secret to a private file in the task's /tmp when it holds a PEM key, then starts
 * the image's own command (as in services/user-service/Dockerfile). Without a PEM the variable is
 * dropped and the service uses the shared key pair it keeps in its table (CONVENTIONS.md).
 */
const KEY_FILE = '/tmp/jwt-signing-key.pem';

const script = [
  'case "$JWT_PRIVATE_KEY" in',
  `  -----BEGIN*) (umask 077 && printf '%s\\n' "$JWT_PRIVATE_KEY" > ${KEY_FILE}) && export JWT_PRIVATE_KEY_FILE=${KEY_FILE} ;;`,
  'esac',
  'unset JWT_PRIVATE_KEY',
  'exec java -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -jar /app/user-service.jar',
].join('\n');

export const userServiceKeyFileEntryPoint = {
  entryPoint: ['sh', '-c'],
  command: [script],
};

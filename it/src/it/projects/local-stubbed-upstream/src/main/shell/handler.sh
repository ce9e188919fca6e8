# Calls the GitHub API with curl and shapes the answer with jq.
run() {
  local user status body
  user="$(jq -r '.user')"
  body="$(mktemp)"
  status="$(curl -sS -o "$body" -w '%{http_code}' \
    -H "Accept: application/vnd.github+json" \
    -H "Authorization: Bearer ${GITHUB_TOKEN:?GITHUB_TOKEN is not set}" \
    "$GITHUB_API_URL/users/$user")"
  if [ "$status" != 200 ]; then
    jq -cn --arg u "$user" --argjson s "$status" '{user: $u, found: false, status: $s}'
  else
    jq -c '{user: .login, found: true, name, repos: .public_repos, followers}' "$body"
  fi
  rm -f "$body"
}

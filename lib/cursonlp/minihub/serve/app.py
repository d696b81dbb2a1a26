"""The local Hub's HTTP routes: the subset of the Hugging Face Hub API that the real clients use.

Routing works on the raw (still percent-encoded) path, because revisions such as
`refs%2Fconvert%2Fparquet` and file paths both contain slashes once decoded. Every answer to a
missing repository, revision or file carries the Hub's `X-Error-Code`, so the clients raise
RepositoryNotFoundError, RevisionNotFoundError and EntryNotFoundError as they would online.
"""
from __future__ import annotations

import base64
import json
import re
import secrets
from pathlib import PurePosixPath
from urllib.parse import parse_qs, unquote

import yaml

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response

from .store import KINDS, Commit, File, Repo, Store, StoreError, is_lfs

PREFIX = {"model": "", "dataset": "datasets/", "space": "spaces/"}
ID = r"(?P<repo>[^/]+/[^/]+)"
API = rf"^/api/(?P<kind>models|datasets|spaces)/{ID}"
PIPELINES = (("ForSequenceClassification", "text-classification"),
             ("ForTokenClassification", "token-classification"),
             ("ForQuestionAnswering", "question-answering"), ("ForMaskedLM", "fill-mask"),
             ("ForCausalLM", "text-generation"), ("LMHeadModel", "text-generation"),
             ("ForConditionalGeneration", "text2text-generation"), ("Model", "feature-extraction"))


def error(status: int, message: str, code: str | None = None) -> JSONResponse:
    headers = {"X-Error-Message": message.encode("ascii", "replace").decode()}
    if code:
        headers["X-Error-Code"] = code
    return JSONResponse({"error": message}, status, headers=headers)


class Hub:
    """The service: routes requests to the store. `token` is the only credential that can write."""

    def __init__(self, store: Store, token: str, base_url: str, version: str):
        self.store, self.token, self.base, self.version = store, token, base_url, version
        self.uploads: dict[str, tuple[str, int]] = {}  # LFS upload ticket -> (sha256, size)
        self.routes = [
            ("GET", r"^/api/minihub/status$", self.status),
            ("GET", r"^/api/whoami-v2$", self.whoami),
            ("POST", r"^/api/repos/create$", self.create_repo),
            ("POST", r"^/api/validate-yaml$", self.validate_yaml),
            ("DELETE", r"^/api/repos/delete$", self.delete_repo),
            ("GET", r"^/api/(?P<kind>models|datasets|spaces)$", self.list_repos),
            ("GET", rf"{API}(?:/revision/(?P<rev>[^/]+))?$", self.info),
            ("GET", rf"{API}/tree/(?P<rev>[^/]+)(?:/(?P<path>.*))?$", self.tree),
            ("POST", rf"{API}/paths-info/(?P<rev>[^/]+)$", self.paths_info),
            ("GET", rf"{API}/refs$", self.refs),
            ("GET", rf"{API}/commits/(?P<rev>[^/]+)$", self.commits),
            ("POST", rf"{API}/(?P<ref>branch|tag)/(?P<name>[^/]+)$", self.create_ref),
            ("DELETE", rf"{API}/(?P<ref>branch|tag)/(?P<name>[^/]+)$", self.delete_ref),
            ("POST", rf"{API}/preupload/(?P<rev>[^/]+)$", self.preupload),
            ("POST", rf"{API}/commit/(?P<rev>[^/]+)$", self.commit),
            ("POST", rf"^/(?P<prefix>datasets/|spaces/)?{ID}\.git/info/lfs/objects/batch$", self.lfs_batch),
            ("PUT", r"^/api/minihub/lfs/(?P<ticket>[A-Za-z0-9_-]+)$", self.lfs_upload),
            ("HEAD", rf"^/(?P<prefix>datasets/|spaces/)?{ID}/resolve/(?P<rev>[^/]+)/(?P<path>.+)$", self.resolve),
            ("GET", rf"^/(?P<prefix>datasets/|spaces/)?{ID}/resolve/(?P<rev>[^/]+)/(?P<path>.+)$", self.resolve),
            ("POST", r"^/api/telemetry/.*$", self.no_content),
            ("HEAD", r"^/api/telemetry/.*$", self.no_content),
        ]

    # -- plumbing --------------------------------------------------------------------------
    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        raw = scope.get("raw_path", scope["path"].encode()).decode("latin-1").split("?")[0]
        allowed = False
        for method, pattern, handler in self.routes:
            found = re.match(pattern, raw)
            if not found:
                continue
            allowed = True
            if method != request.method:
                continue
            args = {k: unquote(v) for k, v in found.groupdict().items() if v is not None}
            if "prefix" in found.groupdict():
                args["kind"] = {"datasets/": "dataset", "spaces/": "space"}.get(args.pop("prefix", ""), "model")
            elif "kind" in args:
                args["kind"] = args["kind"][:-1]
            try:
                response = await handler(request, **args)
            except StoreError as err:
                response = error(err.status, str(err), err.code)
            break
        else:
            response = error(405 if allowed else 404, f"{request.method} {raw} is not served by the local Hub")
        await response(scope, receive, send)

    def authorized(self, request: Request) -> bool:
        header = request.headers.get("authorization", "")
        return secrets.compare_digest(header.removeprefix("Bearer ").strip(), self.token)

    def require_token(self, request: Request) -> None:
        if not self.authorized(request):
            raise StoreError(401, "Invalid credentials in Authorization header: the local Hub accepts "
                                  "only its own token (HF_TOKEN as set by the course's setup).")

    def repo(self, request: Request, kind: str, repo: str) -> Repo:
        return self.store.get(kind, repo, self.authorized(request))

    def url(self, repo: Repo) -> str:
        return f"{self.base}/{PREFIX[repo.kind]}{repo.repo_id}"

    async def json_body(self, request: Request) -> dict:
        try:
            body = await request.json()
        except ValueError:
            raise StoreError(400, "the request body is not valid JSON") from None
        if not isinstance(body, dict):
            raise StoreError(400, "the request body must be a JSON object")
        return body

    async def no_content(self, request: Request) -> Response:
        return Response(status_code=200)

    # -- who and what ----------------------------------------------------------------------
    async def status(self, request: Request) -> Response:
        return JSONResponse({"service": "cursonlp-minihub", "version": self.version})

    async def whoami(self, request: Request) -> Response:
        self.require_token(request)
        user = self.store.user
        return JSONResponse({"type": "user", "id": user, "name": user, "fullname": "Aluno do Curso NLP",
                             "email": None, "emailVerified": False, "isPro": False, "orgs": [],
                             "auth": {"type": "access_token",
                                      "accessToken": {"displayName": "token local do mini-hub",
                                                      "role": "write"}}})

    def card(self, repo: Repo, commit: Commit) -> dict:
        card = repo.card_data(commit) or {}
        info: dict = {"id": repo.repo_id, "_id": commit.id, "author": repo.repo_id.split("/")[0],
                      "sha": commit.id, "lastModified": commit.date,
                      "createdAt": repo.history(commit.id)[-1].date, "private": repo.private,
                      "gated": False, "disabled": False, "downloads": 0, "likes": 0,
                      "cardData": card or None}
        tags = []
        if repo.kind == "model":
            config = self.config(repo, commit)
            architecture = (config.get("architectures") or [""])[0]
            pipeline = next((tag for end, tag in PIPELINES if architecture.endswith(end)), None)
            pipeline = card.get("pipeline_tag", pipeline)
            info.update(pipeline_tag=pipeline, library_name=card.get("library_name", "transformers"),
                        config={k: config[k] for k in ("architectures", "model_type") if k in config})
            tags += [info["library_name"], pipeline, config.get("model_type")]
        elif repo.kind == "space":
            info.update(sdk=card.get("sdk", "gradio"))
        languages = card.get("language") or []
        tags += list(card.get("tags") or []) + ([languages] if isinstance(languages, str) else languages)
        if card.get("license"):
            tags.append(f"license:{card['license']}")
        info["tags"] = [t for t in dict.fromkeys(tags) if t]
        return info

    def config(self, repo: Repo, commit: Commit) -> dict:
        if "config.json" not in commit.files:
            return {}
        try:
            data = json.loads(repo.read(commit, "config.json"))
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    def sibling(self, path: str, file: File) -> dict:
        entry = {"rfilename": path, "size": file.size, "blobId": file.oid}
        if file.lfs:
            entry["lfs"] = {"sha256": file.sha256, "size": file.size, "pointerSize": 134}
        return entry

    async def info(self, request: Request, kind: str, repo: str, rev: str = "main") -> Response:
        found = self.repo(request, kind, repo)
        commit = found.commit(rev)
        info = self.card(found, commit)
        info["siblings"] = [self.sibling(p, f) for p, f in sorted(commit.files.items())]
        info["usedStorage"] = sum(f.size for f in commit.files.values())
        return JSONResponse(info)

    async def list_repos(self, request: Request, kind: str) -> Response:
        q = request.query_params
        filters = q.getlist("filter")
        search, author = q.get("search", "").lower(), q.get("author")
        rows = []
        for repo in self.store.all(kind, self.authorized(request)):
            commit = repo.commit("main")
            info = self.card(repo, commit)
            if search and search not in repo.repo_id.lower():
                continue
            if author and info["author"] != author:
                continue
            if any(f not in info["tags"] and f != info.get("pipeline_tag") for f in filters):
                continue
            if q.get("pipeline_tag") and q["pipeline_tag"] != info.get("pipeline_tag"):
                continue
            if q.get("full") or q.get("expand"):
                info["siblings"] = [{"rfilename": p} for p in sorted(commit.files)]
            rows.append(info)
        sort = q.get("sort")
        key = {"downloads": "downloads", "likes": "likes", "lastModified": "lastModified",
               "last_modified": "lastModified", "createdAt": "createdAt", "created_at": "createdAt",
               "id": "id"}.get(sort or "id", "id")
        rows.sort(key=lambda r: (r[key], r["id"]), reverse=sort is not None and q.get("direction") == "-1")
        if q.get("limit"):
            rows = rows[:int(q["limit"])]
        return JSONResponse(rows)

    # -- files -----------------------------------------------------------------------------
    def entry(self, repo: Repo, commit: Commit, path: str, file: File | None, expand: bool) -> dict:
        if file is None:
            return {"type": "directory", "oid": "0" * 40, "size": 0, "path": path}
        entry = {"type": "file", "oid": file.oid, "size": file.size, "path": path}
        if file.lfs:
            entry["lfs"] = {"oid": file.sha256, "size": file.size, "pointerSize": 134}
        if expand:  # the oldest commit of the unbroken run, back from `commit`, with this content
            last = commit
            for older in repo.history(commit.id)[1:]:
                if older.files.get(path) != file:
                    break
                last = older
            entry["lastCommit"] = {"id": last.id, "title": last.title, "date": last.date}
        return entry

    def folders(self, commit: Commit) -> set[str]:
        return {p.as_posix() for path in commit.files for p in PurePosixPath(path).parents
                if p.as_posix() != "."}

    async def tree(self, request: Request, kind: str, repo: str, rev: str, path: str = "") -> Response:
        found = self.repo(request, kind, repo)
        commit = found.commit(rev)
        path = path.strip("/")
        folders = self.folders(commit)
        if path and path not in folders:
            raise StoreError(404, f"Path {path} not found in {repo} at {rev}", "EntryNotFound")
        recursive = request.query_params.get("recursive", "").lower() in ("1", "true")
        expand = request.query_params.get("expand", "").lower() in ("1", "true")
        prefix = f"{path}/" if path else ""

        def wanted(name: str) -> bool:
            return name.startswith(prefix) and (recursive or "/" not in name[len(prefix):])

        rows = [self.entry(found, commit, d, None, expand) for d in sorted(folders) if wanted(d)]
        rows += [self.entry(found, commit, p, f, expand) for p, f in sorted(commit.files.items()) if wanted(p)]
        return JSONResponse(rows)

    async def paths_info(self, request: Request, kind: str, repo: str, rev: str) -> Response:
        found = self.repo(request, kind, repo)
        commit = found.commit(rev)
        body = await request.body()
        if request.headers.get("content-type", "").startswith("application/json"):
            data = json.loads(body or b"{}")
            paths, expand = data.get("paths", []), data.get("expand", False)
        else:
            form = parse_qs(body.decode())
            paths, expand = form.get("paths", []), form.get("expand", ["False"])[0].lower() == "true"
        folders = self.folders(commit)
        rows = []
        for path in paths:
            path = path.strip("/")
            if path in commit.files:
                rows.append(self.entry(found, commit, path, commit.files[path], expand))
            elif path in folders:
                rows.append(self.entry(found, commit, path, None, expand))
        return JSONResponse(rows)

    async def resolve(self, request: Request, kind: str, repo: str, rev: str, path: str) -> Response:
        found = self.repo(request, kind, repo)
        commit = found.commit(rev)
        file = commit.files.get(path)
        if file is None:
            raise StoreError(404, f"Entry not found: {path} in {repo} at {rev}", "EntryNotFound")
        blob = found.blob_path(commit, path)
        root = (found.source or blob.parent).resolve()
        if not blob.resolve().is_relative_to(root) or not blob.is_file():  # never outside the store
            raise StoreError(404, f"Entry not found: {path} in {repo} at {rev}", "EntryNotFound")
        headers = {"X-Repo-Commit": commit.id, "ETag": f'"{file.sha256 if file.lfs else file.oid}"',
                   "Accept-Ranges": "bytes"}
        if file.lfs:
            headers.update({"X-Linked-Etag": f'"{file.sha256}"', "X-Linked-Size": str(file.size)})
        return FileResponse(blob, headers=headers, content_disposition_type="inline")

    async def refs(self, request: Request, kind: str, repo: str) -> Response:
        found = self.repo(request, kind, repo)

        def ref(name, target, folder):
            return {"name": name, "ref": f"refs/{folder}/{name}", "targetCommit": target}

        return JSONResponse({"branches": [ref(n, t, "heads") for n, t in found.branches.items()],
                             "tags": [ref(n, t, "tags") for n, t in found.tags.items()],
                             "converts": [], "pullRequests": []})

    async def commits(self, request: Request, kind: str, repo: str, rev: str) -> Response:
        found = self.repo(request, kind, repo)
        return JSONResponse([{"id": c.id, "title": c.title, "message": "", "date": c.date,
                              "authors": [{"user": c.author}]} for c in found.history(rev)])

    # -- writing ---------------------------------------------------------------------------
    async def validate_yaml(self, request: Request) -> Response:
        """The metadata header of a README (model or dataset card) must be a YAML mapping."""
        content = str((await self.json_body(request)).get("content", ""))
        match = re.match(r"^---\n(.*?)\n---", content, flags=re.S)
        try:
            data = yaml.safe_load(match.group(1)) if match else {}
        except yaml.YAMLError as err:
            return JSONResponse({"errors": [{"message": f"invalid YAML: {err}"}]}, 400)
        if data is not None and not isinstance(data, dict):
            return JSONResponse({"errors": [{"message": "the metadata must be a YAML mapping"}]}, 400)
        return JSONResponse({"errors": [], "warnings": []})

    async def create_repo(self, request: Request) -> Response:
        self.require_token(request)
        body = await self.json_body(request)
        kind = body.get("type") or "model"
        if kind not in KINDS:
            raise StoreError(400, f"Invalid repo type {kind!r}")
        repo_id = f"{body.get('organization') or self.store.user}/{body.get('name', '')}"
        private = body.get("private", body.get("visibility") == "private")
        url = f"{self.base}/{PREFIX[kind]}{repo_id}"
        try:
            self.store.create(kind, repo_id, bool(private))
        except StoreError as err:
            if err.status != 409:
                raise
            return JSONResponse({"error": str(err), "url": url}, 409)  # exist_ok reads the url
        return JSONResponse({"url": url, "name": repo_id, "id": repo_id})

    async def delete_repo(self, request: Request) -> Response:
        self.require_token(request)
        body = await self.json_body(request)
        kind = body.get("type") or "model"
        self.store.delete(kind, f"{body.get('organization') or self.store.user}/{body.get('name', '')}")
        return Response(status_code=200)

    async def create_ref(self, request: Request, kind: str, repo: str, ref: str, name: str) -> Response:
        self.require_token(request)
        body = await request.json() if await request.body() else {}
        if ref == "branch":
            self.store.set_ref(kind, repo, "branch", name, body.get("startingPoint"))
        else:
            self.store.set_ref(kind, repo, "tag", body.get("tag", ""), name)
        return Response(status_code=200)

    async def delete_ref(self, request: Request, kind: str, repo: str, ref: str, name: str) -> Response:
        self.require_token(request)
        self.store.set_ref(kind, repo, ref, name, None, delete=True)
        return Response(status_code=200)

    async def preupload(self, request: Request, kind: str, repo: str, rev: str) -> Response:
        self.require_token(request)
        found = self.repo(request, kind, repo)
        head = found.commit(rev)
        body = await self.json_body(request)
        rows = []
        for item in body.get("files", []):
            path, size = item["path"], int(item["size"])
            lfs = is_lfs(path, size) or b"\0" in base64.b64decode(item.get("sample", ""))
            current = head.files.get(path)
            oid = None if current is None else current.sha256 if current.lfs else current.oid
            rows.append({"path": path, "uploadMode": "lfs" if lfs else "regular",
                         "shouldIgnore": False, "oid": oid})
        return JSONResponse({"files": rows, "commitOid": head.id})

    async def lfs_batch(self, request: Request, kind: str, repo: str) -> Response:
        self.require_token(request)
        found = self.repo(request, kind, repo)
        if not found.writable:
            raise StoreError(403, f"{repo} is a read-only stand-in of the local Hub.")
        body = await self.json_body(request)
        objects = []
        for item in body.get("objects", []):
            oid, size = str(item["oid"]), int(item["size"])
            row = {"oid": oid, "size": size, "authenticated": True}
            if not re.fullmatch(r"[0-9a-f]{64}", oid):
                row["error"] = {"code": 422, "message": "oid must be a sha256"}
            elif not self.store.has_blob(oid, size):
                ticket = secrets.token_urlsafe(24)
                self.uploads[ticket] = (oid, size)
                row["actions"] = {"upload": {"href": f"{self.base}/api/minihub/lfs/{ticket}", "header": {}}}
            objects.append(row)
        return JSONResponse({"transfer": "basic", "objects": objects},
                            headers={"Content-Type": "application/vnd.git-lfs+json"})

    async def lfs_upload(self, request: Request, ticket: str) -> Response:
        if ticket not in self.uploads:
            raise StoreError(403, "unknown or used LFS upload ticket")
        oid, size = self.uploads.pop(ticket)
        data = await request.body()
        if len(data) != size:
            raise StoreError(400, f"expected {size} bytes, received {len(data)}")
        self.store.put_blob(data, sha256=oid)
        return Response(status_code=200)

    async def commit(self, request: Request, kind: str, repo: str, rev: str) -> Response:
        self.require_token(request)
        if request.query_params.get("create_pr"):
            raise StoreError(400, "the local Hub has no pull requests; commit to a branch instead")
        lines = [json.loads(line) for line in (await request.body()).splitlines() if line.strip()]
        header = next((line["value"] for line in lines if line.get("key") == "header"), None)
        if header is None:
            raise StoreError(400, "the commit has no header line")
        found = self.repo(request, kind, repo)
        operations = []
        for line in lines:
            key, value = line.get("key"), line.get("value", {})
            if key == "header":
                continue
            path = value.get("path", "")
            parts = PurePosixPath(path).parts
            if not path or path.startswith("/") or "\\" in path or ".." in parts or "." in parts:
                raise StoreError(400, f"invalid path in commit: {path!r}")
            if key == "file":
                operations.append(("add", path, self.store.put_blob(base64.b64decode(value["content"]))))
            elif key == "lfsFile":
                oid, size = str(value.get("oid")), int(value.get("size", -1))
                if not self.store.has_blob(oid, size):
                    raise StoreError(400, f"LFS object {oid} for {path} was never uploaded")
                operations.append(("add", path, self.store.blob_file(oid, size, lfs=True)))
            elif key in ("deletedFile", "deletedFolder"):
                operations.append((key, path.rstrip("/"), None))
            else:
                raise StoreError(400, f"unknown commit operation {key!r}")

        def apply(files: dict[str, File]) -> None:
            for op, path, file in operations:
                if op == "add":
                    files[path] = file
                elif op == "deletedFile":
                    if files.pop(path, None) is None:
                        raise StoreError(404, f"A file with this name doesn't exist: {path}", "EntryNotFound")
                else:
                    gone = [p for p in files if p.startswith(path + "/")]
                    if not gone:
                        raise StoreError(404, f"A file with this name doesn't exist: {path}", "EntryNotFound")
                    for p in gone:
                        del files[p]

        branch = rev if rev in found.branches else None
        if branch is None:
            raise StoreError(404, f"Invalid rev id: {rev} (commits go to a branch)", "RevisionNotFound")
        new = self.store.commit(kind, repo, branch, header.get("summary") or "Upload",
                                header.get("parentCommit"), apply)
        return JSONResponse({"commitUrl": f"{self.url(found)}/commit/{new.id}", "commitOid": new.id,
                             "success": True, "pullRequestUrl": None})


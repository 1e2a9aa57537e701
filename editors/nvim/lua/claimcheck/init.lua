--- claimcheck for Neovim: starts `claimcheck lsp` on Markdown and text
--- drafts, and shows the evidence for a claim.
---
--- Neovim 0.11+ uses `vim.lsp.config` / `vim.lsp.enable`; 0.10 starts the
--- client itself with `vim.lsp.start` on the same configuration.

local M = {}

local NAME = 'claimcheck'

--- The server's own settings, sent both as `init_options` and as the answer
--- to `workspace/configuration` (section `claimcheck`).
local SERVER_SETTINGS = { 'sources', 'severities', 'debounceMs' }

local defaults = {
  -- The server command; `claimcheck` from PATH unless told otherwise.
  cmd = { 'claimcheck', 'lsp' },
  filetypes = { 'markdown', 'text' },
  -- The workspace is the nearest folder holding one of these.
  root_markers = { 'claimcheck.toml', 'sources', '.git' },
}

--- A `vim.lsp.Config` for claimcheck, with `opts` (the keys of `defaults`
--- and the server settings) over the defaults.
---@param opts? table
---@return vim.lsp.Config
function M.config(opts)
  opts = vim.tbl_extend('force', defaults, opts or {})
  -- An empty Lua table would be sent as `[]`, which the server rejects.
  local settings = vim.empty_dict()
  for _, key in ipairs(SERVER_SETTINGS) do
    settings[key] = opts[key]
  end
  return {
    name = NAME,
    cmd = opts.cmd,
    filetypes = opts.filetypes,
    root_markers = opts.root_markers,
    init_options = settings,
    settings = { claimcheck = settings },
  }
end

local function has_native_config()
  return vim.fn.has('nvim-0.11') == 1
end

--- Neovim 0.10 has neither `root_markers` nor `vim.lsp.enable`: start the
--- client on each buffer of a matching filetype, rooted by hand.
local function start_on_filetype(config)
  vim.api.nvim_create_autocmd('FileType', {
    group = vim.api.nvim_create_augroup('claimcheck', { clear = true }),
    pattern = config.filetypes,
    callback = function(event)
      local start_config = vim.deepcopy(config)
      start_config.root_dir = vim.fs.root(event.buf, config.root_markers)
        or vim.fs.dirname(vim.api.nvim_buf_get_name(event.buf))
      vim.lsp.start(start_config, { bufnr = event.buf })
    end,
  })
end

--- Configures and enables the server; `opts` as for `M.config`.
---@param opts? table
function M.setup(opts)
  local config = M.config(opts)
  if has_native_config() then
    vim.lsp.config(NAME, config)
    vim.lsp.enable(NAME)
  else
    start_on_filetype(config)
  end
end

local function clients(bufnr)
  return vim.lsp.get_clients({ name = NAME, bufnr = bufnr })
end

-- 0.11 made client functions methods; 0.10 only has the field call.
local function request(client, method, params, handler, bufnr)
  if has_native_config() then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

local function stop(client)
  if has_native_config() then
    client:stop()
  else
    client.stop()
  end
end

local function is_stopped(client)
  if has_native_config() then
    return client:is_stopped()
  end
  return client.is_stopped()
end

--- The verdict and evidence passages for the claim under the cursor, in a
--- floating window: the server's hover, from the claimcheck client only, so
--- that another server's hover cannot take its place.
function M.show_sources()
  local bufnr = vim.api.nvim_get_current_buf()
  local client = clients(bufnr)[1]
  if not client then
    vim.notify('claimcheck: no claimcheck server is attached to this buffer', vim.log.levels.WARN)
    return
  end
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  request(client, 'textDocument/hover', params, function(err, result)
    if err then
      vim.notify('claimcheck: ' .. err.message, vim.log.levels.ERROR)
      return
    end
    if not (result and result.contents) then
      vim.notify('claimcheck: no claim under the cursor', vim.log.levels.INFO)
      return
    end
    local lines = vim.lsp.util.convert_input_to_markdown_lines(result.contents)
    vim.lsp.util.open_floating_preview(lines, 'markdown', { border = 'rounded', focus_id = 'claimcheck-sources' })
  end, bufnr)
end

--- Stops every claimcheck client and starts each again on the buffers it
--- served, with the configuration it was started with.
function M.restart()
  for _, client in ipairs(clients()) do
    local buffers = vim.tbl_keys(client.attached_buffers)
    local config = client.config
    stop(client)
    -- A new client with the same name and root would be refused while the
    -- old one is still shutting down.
    vim.wait(10000, function()
      return is_stopped(client)
    end)
    for _, bufnr in ipairs(buffers) do
      vim.lsp.start(config, { bufnr = bufnr })
    end
  end
end

return M

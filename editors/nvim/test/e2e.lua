-- Headless end-to-end test: opens the example draft with the plugin set up,
-- waits for the server's diagnostics, reads the evidence that
-- :ClaimcheckSources shows for a contradicted number, and restarts the server.
-- Any failed check raises an error, which makes `nvim -l` exit non-zero.

local workspace = assert(arg[1], 'usage: nvim -l e2e.lua WORKSPACE')
local server = assert(os.getenv('CLAIMCHECK_BIN'), 'CLAIMCHECK_BIN is not set')

-- Each wait is a guard against a hang, not a timing assertion.
local WAIT_MS = 60000

local function lsp_log_tail()
  local file = io.open(vim.lsp.log.get_filename())
  if not file then
    return ''
  end
  local lines = vim.split(file:read('*a'), '\n')
  file:close()
  return table.concat(vim.list_slice(lines, math.max(1, #lines - 20)), '\n')
end

local function wait_for(what, condition)
  if not vim.wait(WAIT_MS, condition, 50) then
    error('timed out waiting for ' .. what .. '\nthe end of the LSP log:\n' .. lsp_log_tail(), 0)
  end
end

local function log(message)
  io.stdout:write(message .. '\n')
end

-- The server warns about settings it cannot read; there should be none.
local server_messages = {}
vim.lsp.handlers['window/showMessage'] = function(_, params)
  table.insert(server_messages, params.message)
end

-- Without options (as from lsp/claimcheck.lua), the settings are an empty object.
local defaults = require('claimcheck').config()
assert(vim.json.encode(defaults.init_options) == '{}', 'default init_options: ' .. vim.json.encode(defaults.init_options))
assert(vim.json.encode(defaults.settings) == '{"claimcheck":{}}', 'default settings: ' .. vim.json.encode(defaults.settings))

require('claimcheck').setup({ cmd = { server, 'lsp' }, debounceMs = 50 })
vim.cmd.edit(vim.fs.joinpath(workspace, 'draft.md'))
local draft = vim.api.nvim_get_current_buf()

-- Findings the CLI reports for the example, by 1-based line: the draft's
-- errors on purpose, one of each kind. The draft has other findings, which
-- new rules may change; these must be there.
local expected = {
  '5 misquote',
  '12 contradicted-date',
  '15 contradicted-number',
  '16 contradicted-claim',
  '17 misattribution',
  '21 unsupported-claim',
  '22 broken-citation',
}

local function findings()
  local found = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(draft)) do
    table.insert(found, string.format('%d %s', diagnostic.lnum + 1, diagnostic.code))
  end
  return found
end

local function has_expected_findings()
  local found = findings()
  for _, finding in ipairs(expected) do
    if not vim.list_contains(found, finding) then
      return false
    end
  end
  return true
end

local function wait_for_findings()
  local ok = vim.wait(WAIT_MS, has_expected_findings, 50)
  if not ok then
    error(string.format('expected the diagnostics %s, got %s', vim.inspect(expected), vim.inspect(findings())), 0)
  end
end

wait_for('the claimcheck client', function()
  return #vim.lsp.get_clients({ name = 'claimcheck', bufnr = draft }) == 1
end)
local first_client = vim.lsp.get_clients({ name = 'claimcheck', bufnr = draft })[1]
wait_for_findings()
log('diagnostics: ' .. table.concat(expected, ', '))

-- The cursor on "5 million", which the source gives as 50 million.
local row = vim.fn.search([[as many as 5 million accounts]])
assert(row == 15, 'the contradicted number is not on line 15')
vim.api.nvim_win_set_cursor(0, { row, vim.fn.col('.') + #'as many as ' - 1 })

local function floating_text()
  for _, window in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(window).relative ~= '' then
      local buffer = vim.api.nvim_win_get_buf(window)
      return table.concat(vim.api.nvim_buf_get_lines(buffer, 0, -1, false), '\n')
    end
  end
end

vim.cmd('ClaimcheckSources')
wait_for('the sources window', function()
  return floating_text() ~= nil
end)
local evidence = floating_text()
for _, wanted in ipairs({ 'claimcheck: contradicted', 'contradicted-number', '50 million users', 'times-summary.txt' }) do
  assert(evidence:find(wanted, 1, true), string.format('%q is not in the sources window:\n%s', wanted, evidence))
end
log('sources window: ' .. evidence:gsub('\n.*', ''))

vim.cmd('ClaimcheckRestart')
wait_for('a new claimcheck client', function()
  local clients = vim.lsp.get_clients({ name = 'claimcheck', bufnr = draft })
  return #clients == 1 and clients[1].id ~= first_client.id
end)
vim.diagnostic.reset(nil, draft)
wait_for_findings()
log('restarted: diagnostics again from the new server')

assert(#server_messages == 0, 'the server complained: ' .. table.concat(server_messages, '\n'))
vim.cmd('qall!')

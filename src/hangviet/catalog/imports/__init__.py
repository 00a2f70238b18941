"""A seller's products in and out of spreadsheets: import from XLSX/CSV, export and template to XLSX.

The rooms: `parse` reads a file within its bounds (the columns of the format, the header, the non-blank
rows); `validate` turns rows into clean values or row errors; `write` is the import job (upload, run,
the one transaction writing products and stock moves); `export` writes the export and the templates.

The file format (one format for import, export and the template):
- XLSX (the first sheet is read) or CSV (UTF-8 with or without BOM, comma or semicolon, detected from the
  header line). Row 1 is the header; each later row is one product; blank rows are skipped. At most
  MAX_ROWS product rows (PENDING_MAX_ROWS for a shop not verified yet).
- Read within bounds (core.spreadsheets.read_rows; the operator guide lists them): at most
  MAX_UPLOAD_BYTES, MAX_UNPACKED_BYTES once unzipped, the first MAX_COLUMNS columns, MAX_SHEET_ROWS rows
  scanned; MAX_BLANK_RUN blank rows in a row end the data; reading and validating stop after
  MAX_SECONDS. A file over a bound is refused whole with a message naming the bound.
- A shop may start IMPORTS_PER_DAY imports in 24 hours (PENDING_IMPORTS_PER_DAY before it is verified).
- The header must hold every column of COLUMNS, in any order, by its Vietnamese title or an English alias
  (matched without case, tone marks or extra spaces; a trailing "*" is ignored). Other columns are ignored.
- Required values: SKU, Tên sản phẩm, Mã danh mục, Đơn vị, Giá (VND).
- Giá (VND): a whole number of đồng > 0 and ≤ core.limits.PRICE_MAX_VND. Text is read as every form
  reads it (core.money.parse_vnd): "120000", "120.000" and "120 000" are 120000, with an optional "₫",
  "đ", "VND", "VNĐ" or "đồng" after it; "120,000" too (thousands grouped with commas). "120.5",
  "1.25", "0.500" or "1.200,50" are rejected (not whole đồng, or ambiguous).
- Tồn kho: a whole number ≥ 0 and ≤ core.limits.STOCK_MAX, with the same thousands separators.
- Mã danh mục: a category code ("I.2.2") or its slug. Đơn vị: one of catalog.models.Unit. GTIN: 8, 12,
  13 or 14 digits with a valid check digit (stored as 14). Mã xã xuất xứ: a 5-digit commune code (a
  number that lost its leading zeros in Excel is padded back). Trạng thái: "Nháp"/"Đang bán"/"Lưu trữ"
  or draft/active/archived.
- A row whose SKU the seller already has updates that product; a new SKU creates one. An empty optional
  cell clears that field, except Tồn kho and Trạng thái, which an empty cell leaves unchanged (a new
  product starts with 0 in stock, as a draft).
- Every row is validated first and every error reported (row number as the spreadsheet shows it,
  column title, reason); nothing is written unless every row is valid, and then all rows are written
  in one transaction, in batches, with the rules of catalog.services (see write._write).
"""

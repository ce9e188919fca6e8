// A named pipe cannot be committed: made here. Reading it would block until a writer comes (the old hang).
def pipe = new File(basedir, 'src/test/shell-lambda/stubs/pipe.json')
pipe.parentFile.mkdirs()
assert ['mkfifo', pipe.path].execute().waitFor() == 0
return true

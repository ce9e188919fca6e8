// Coordinates of the user's choice: the function is named after the artifactId.
def project = new File(basedir, 'project/acme_traffic-fn')
def target = new File(project, 'target')
assert new File(target, 'acme_traffic-fn-0.3.1.zip').isFile()
def pom = new File(project, 'pom.xml').text
assert pom.contains('<groupId>org.acme.functions</groupId>')
assert pom.contains('<functionName>acme_traffic-fn</functionName>')
def readme = new File(project, 'README.md').text
assert readme.startsWith('# acme_traffic-fn')
assert readme.contains('## The daily loop')
return true
